"""Bulk upload of an owner's own spreadsheet: read it, map its columns to ours, check every row,
then create all needs or none. The parsed rows travel in the mapping form, so no server state."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from io import BytesIO
from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response
from openpyxl import Workbook
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from catalogs.chains import load_chains
from service.core.errors import PeitaoError
from service.core.tabular import Table, TableError, read_table_bytes
from service.needs import service as crud
from service.needs.schemas import CurrentSupplier, NeedCreate
from service.needs.tables import Need
from service.pairings.alerts import announce_need
from service.pairings.deps import IndexDep
from service.web import forms
from service.web.context import Web, WebDep
from service.web.session import FormDep

router = APIRouter(prefix="/owner/needs")
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    required: bool
    keywords: tuple[str, ...]


# Guessing order matters: the supplier's region column also says 供应商, so it is claimed first.
TARGETS: tuple[Target, ...] = (
    Target(
        "title", "需求名称", True, ("需求名称", "物料名称", "品名", "名称", "物料", "item", "title")
    ),
    Target(
        "description",
        "规格与技术要求",
        False,
        ("规格", "型号", "技术要求", "描述", "说明", "spec", "description"),
    ),
    Target("category", "行业类别代码", False, ("行业", "类别", "category")),
    Target("chain", "产业链", False, ("产业链", "chain")),
    Target("yearly_quantity", "年用量", False, ("年用量", "用量", "数量", "quantity")),
    Target("unit", "单位", False, ("单位", "unit")),
    Target("yearly_amount", "年采购额", False, ("采购额", "金额", "amount")),
    Target("certifications", "资质要求", False, ("资质", "认证", "certification")),
    Target("supplier_region", "当前供应商地区代码", False, ("地区", "region")),
    Target("supplier", "当前供应商", False, ("供应商", "supplier")),
)
TEMPLATE_HEADERS = (
    "需求名称",
    "规格与技术要求",
    "行业类别代码",
    "产业链",
    "年用量",
    "单位",
    "年采购额（万元）",
    "资质要求",
    "当前供应商",
    "当前供应商地区代码",
)
TEMPLATE_EXAMPLE = (
    "精密冲压件",
    "材质 SPCC，厚度 1.5mm，公差 ±0.05",
    "3360",
    "",
    "120000",
    "件",
    "180",
    "IATF16949",
    "东莞某五金厂",
    "441900",
)


def guess_mapping(columns: tuple[str, ...]) -> dict[str, str]:
    """Our field → their column, by the first keyword a header contains; each column used once."""
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for target in TARGETS:
        for column in columns:
            folded = column.casefold()
            if column not in used and any(k.casefold() in folded for k in target.keywords):
                mapping[target.key] = column
                used.add(column)
                break
    return mapping


def template_bytes() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "配套需求"
    sheet.append(TEMPLATE_HEADERS)
    sheet.append(TEMPLATE_EXAMPLE)
    for letter, width in zip("ABCDEFGHIJ", (24, 36, 12, 16, 10, 8, 16, 18, 24, 18), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _decimal(text: str) -> Decimal | None:
    text = text.replace(",", "").replace("，", "").strip()
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return Decimal(-1)


def _chain_code(text: str, names: dict[str, str]) -> str | None:
    text = text.strip()
    return names.get(text, text) or None


def build_need(
    values: dict[str, str],
    mapping: dict[str, str],
    *,
    owner_id: int,
    amount_unit: Decimal,
    chains: dict[str, str],
) -> NeedCreate:
    def cell(key: str) -> str:
        column = mapping.get(key)
        return values.get(column, "").strip() if column else ""

    quantity, amount = _decimal(cell("yearly_quantity")), _decimal(cell("yearly_amount"))
    suppliers = []
    if cell("supplier"):
        suppliers.append(
            CurrentSupplier(name=cell("supplier"), region_code=cell("supplier_region"))
        )
    return NeedCreate(
        owner_id=owner_id,
        title=cell("title"),
        description=cell("description"),
        category=cell("category"),
        chain_code=_chain_code(cell("chain"), chains),
        yearly_quantity=float(quantity) if quantity is not None else None,
        unit=cell("unit"),
        yearly_amount=None if amount is None else (amount * amount_unit if amount >= 0 else amount),
        required_certifications=forms.split_items(cell("certifications")),
        current_suppliers=suppliers,
    )


# -- routes ------------------------------------------------------------------------------------


@router.get("/template.xlsx")
def template(web: WebDep) -> Response:
    web.require_enterprise("owner")
    headers = {"Content-Disposition": 'attachment; filename="needs-template.xlsx"'}
    return Response(template_bytes(), media_type=XLSX, headers=headers)


@router.get("/upload", response_class=HTMLResponse)
def upload_page(web: WebDep) -> Response:
    web.require_enterprise("owner")
    return web.render("owner/upload.html", step=1, error=None)


def _mapping_page(
    web: Web,
    table: Table,
    mapping: dict[str, str],
    *,
    amount_unit: str = "10000",
    error: str | None = None,
    problems: list[str] | None = None,
    status: int = 200,
) -> Response:
    rows = [{"number": r.number, "values": r.values} for r in table.rows]
    return web.render(
        "owner/upload.html",
        status_code=status,
        step=2,
        error=error,
        problems=problems or [],
        columns=table.columns,
        targets=TARGETS,
        mapping=mapping,
        preview=table.rows[:5],
        row_count=len(table.rows),
        rows_json=json.dumps({"columns": table.columns, "rows": rows}, ensure_ascii=False),
        amount_unit=amount_unit,
    )


@router.post("/upload")
def upload(web: WebDep, form: FormDep) -> Response:
    web.require_enterprise("owner")
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return web.render(
            "owner/upload.html", status_code=422, step=1, error="请选择要上传的 Excel 或 CSV 文件"
        )
    data = upload.file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        return web.render(
            "owner/upload.html", status_code=422, step=1, error="文件超过 5 MB，请拆分后上传"
        )
    try:
        table = read_table_bytes(data, upload.filename)
    except TableError as exc:
        return web.render(
            "owner/upload.html", status_code=422, step=1, error=f"无法读取文件：{exc}"
        )
    if not table.rows:
        return web.render("owner/upload.html", status_code=422, step=1, error="文件中没有数据行")
    if len(table.rows) > MAX_ROWS:
        return web.render(
            "owner/upload.html", status_code=422, step=1, error=f"一次最多导入 {MAX_ROWS} 行"
        )
    return _mapping_page(web, table, guess_mapping(table.columns))


@router.post("/upload/confirm")
def confirm(web: WebDep, form: FormDep, index: IndexDep) -> Response:
    _, owner_id = web.require_enterprise("owner")
    table = _table_from_json(forms.text(form, "rows_json"))
    if table is None:
        return web.render(
            "owner/upload.html", status_code=422, step=1, error="上传内容已失效，请重新上传文件"
        )
    mapping = {
        t.key: forms.text(form, f"map_{t.key}") for t in TARGETS if forms.text(form, f"map_{t.key}")
    }
    unit_text = forms.text(form, "amount_unit")
    if "title" not in mapping:
        return _mapping_page(
            web,
            table,
            mapping,
            amount_unit=unit_text,
            error="请指定「需求名称」对应的列",
            status=422,
        )
    unit = Decimal(10000) if unit_text == "10000" else Decimal(1)
    chains = {c.name: c.code for c in load_chains(web.settings.chain_set)}
    created, problems = _create_all(
        web, table, mapping, owner_id=owner_id, unit=unit, chains=chains
    )
    if problems:
        web.session.rollback()
        return _mapping_page(
            web,
            table,
            mapping,
            amount_unit=unit_text,
            status=422,
            problems=problems,
            error=f"{len(problems)} 行有问题，未导入任何需求。请修改文件或调整列对应后重试。",
        )
    for need in created:  # as the API does for each new need: tell the suppliers it fits well
        announce_need(web.session, index, need, threshold=web.settings.strong_match_score)
    return web.redirect("/owner", f"已导入 {len(created)} 条需求")


def _create_all(
    web: Web,
    table: Table,
    mapping: dict[str, str],
    *,
    owner_id: int,
    unit: Decimal,
    chains: dict[str, str],
) -> tuple[list[Need], list[str]]:
    created: list[Need] = []
    problems = []
    for row in table.rows:
        try:
            need = crud.create(
                web.session,
                build_need(row.values, mapping, owner_id=owner_id, amount_unit=unit, chains=chains),
            )
        except ValidationError as exc:
            problems.append(f"第 {row.number} 行：{forms.summary(forms.validation_errors(exc))}")
        except PeitaoError as exc:
            problems.append(f"第 {row.number} 行：{exc.message}")
        else:
            created.append(need)
    return created, problems


def _table_from_json(raw: str) -> Table | None:
    from service.core.tabular import Row

    try:
        data: Any = json.loads(raw)
        columns = tuple(str(c) for c in data["columns"])
        rows = tuple(
            Row(number=int(r["number"]), values={str(k): str(v) for k, v in r["values"].items()})
            for r in data["rows"][:MAX_ROWS]
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    return Table(columns=columns, rows=rows)

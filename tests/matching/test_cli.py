"""`peitao match` on real files: UTF-8, UTF-8 BOM, GBK, XLSX; malformed files write nothing."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook

from service.cli import main

NEEDS = [
    ["need_id", "title", "description", "certifications"],
    ["N1", "铝合金压铸件", "发动机壳体", "IATF 16949"],
    ["N2", "PCB", "四层线路板", ""],
]
SUPPLIERS = [
    ["supplier_id", "name", "capabilities", "region", "certifications"],
    ["S1", "咸宁精工", "铝合金压铸件 压力铸造", "421202", "IATF16949;ISO 9001"],
    ["S2", "武汉电子", "印制电路板 多层板 SMT", "420106", ""],
    ["S3", "赤壁茶厂", "青砖茶", "421281", ""],
]


def write_csv(path: Path, rows: list[list[str]], encoding: str) -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[str]]) -> Path:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def run(tmp_path: Path, needs: Path, suppliers: Path) -> tuple[int, Path]:
    out = tmp_path / "out" / "matches.csv"
    code = main(
        [
            "match",
            "--needs",
            str(needs),
            "--suppliers",
            str(suppliers),
            "--top",
            "2",
            "--out",
            str(out),
            "--home-region",
            "421200",
            "--quiet",
        ]
    )
    return code, out


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_encodings(tmp_path: Path, encoding: str) -> None:
    needs = write_csv(tmp_path / "needs.csv", NEEDS, encoding)
    sups = write_csv(tmp_path / "suppliers.csv", SUPPLIERS, encoding)
    code, out = run(tmp_path, needs, sups)
    assert code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == ["need_id", "rank", "supplier_id", "score", "reasons"]
    firsts = {(r["need_id"], r["supplier_id"]) for r in rows if r["rank"] == "1"}
    assert firsts == {("N1", "S1"), ("N2", "S2")}
    assert all(0 <= float(r["score"]) <= 1 for r in rows)
    n1 = next(r for r in rows if r["need_id"] == "N1" and r["rank"] == "1")
    assert "具备 IATF 16949 认证" in n1["reasons"]
    assert "本县企业" not in n1["reasons"]  # the need has no region: home city applies
    assert "本市企业（咸安区）" in n1["reasons"]


def test_xlsx(tmp_path: Path) -> None:
    code, out = run(
        tmp_path, write_xlsx(tmp_path / "n.xlsx", NEEDS), write_xlsx(tmp_path / "s.xlsx", SUPPLIERS)
    )
    assert code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["need_id"], r["rank"], r["supplier_id"]) for r in rows] == [
        ("N1", "1", "S1"),
        ("N2", "1", "S2"),
    ]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([["need_id", "title"], ["N1", "压铸件"]], "row 1: 缺少必需的列：description"),
        ([*NEEDS, ["", "螺栓", ""]], "needs.csv: row 4: need_id 为空"),
        ([*NEEDS, ["N1", "螺栓", ""]], "needs.csv: row 4: need_id “N1”与第 2 行重复"),
    ],
)
def test_malformed_file_names_row_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], rows: list[list[str]], message: str
) -> None:
    needs = write_csv(tmp_path / "needs.csv", rows, "utf-8")
    sups = write_csv(tmp_path / "suppliers.csv", SUPPLIERS, "utf-8")
    code, out = run(tmp_path, needs, sups)
    assert code == 2
    assert message in capsys.readouterr().err
    assert not out.exists()
    assert not out.parent.exists() or not any(out.parent.iterdir())

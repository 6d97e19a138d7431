"""/api/v1/purchases/import — upload a purchase ledger file (XLSX / CSV), all rows or none."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, UploadFile, status
from fastapi.responses import JSONResponse

from service.accounts.deps import PrincipalDep
from service.core.deps import SettingsDep, UnitOfWorkRoute
from service.core.tabular import MAX_UPLOAD_BYTES
from service.ledger.import_worker import import_in_child

router = APIRouter(prefix="/purchases", tags=["purchases"], route_class=UnitOfWorkRoute)


@router.post(
    "/import",
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {"description": "同一文件此前已导入（duplicate = true），未重复写入"},
        413: {"description": "上传内容超过上限（按实际收到的字节计，不论请求头）"},
        422: {
            "description": '{"detail": "...", "errors": ["row 3: ...", ...], "error_count": N}'
            "，最多列出前 100 处错误，未写入任何记录"
        },
    },
)
def import_purchases(
    file: UploadFile,
    principal: PrincipalDep,
    settings: SettingsDep,
    owner_id: Annotated[int, Query(description="台账所属链主企业ID")],
) -> JSONResponse:
    """Checked and stored in a child process (``import_worker``): a large file is seconds of
    work that must hold neither the event loop nor the interpreter lock of this worker. The
    body was counted and capped as it arrived."""
    principal.require_acts_for(owner_id)
    status_code, body = import_in_child(
        database_url=settings.database_url,
        owner_id=owner_id,
        data=file.file.read(MAX_UPLOAD_BYTES + 1),
        filename=file.filename or "",
        link_threshold=settings.ledger_link_threshold,
    )
    return JSONResponse(body, status_code=status_code)

"""/api/v1/purchases/import — upload a purchase ledger file (XLSX / CSV), all rows or none."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, UploadFile, status
from fastapi.responses import JSONResponse

from service.accounts.deps import PrincipalDep
from service.core.deps import SessionDep, SettingsDep, UnitOfWorkRoute
from service.core.tabular import MAX_UPLOAD_BYTES
from service.ledger.importing import import_ledger

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
    session: SessionDep,
    principal: PrincipalDep,
    settings: SettingsDep,
    owner_id: Annotated[int, Query(description="台账所属链主企业ID")],
) -> JSONResponse:
    """Runs in a worker thread (``UnitOfWorkRoute``): parsing and storing a large file takes
    seconds and must not hold the event loop. The body was counted and capped as it arrived."""
    principal.require_acts_for(owner_id)
    data = file.file.read(MAX_UPLOAD_BYTES + 1)
    result = import_ledger(
        session,
        owner_id=owner_id,
        data=data,
        filename=file.filename or "",
        link_threshold=settings.ledger_link_threshold,
    )
    code = status.HTTP_200_OK if result.duplicate else status.HTTP_201_CREATED
    return JSONResponse(result.as_json(), status_code=code)

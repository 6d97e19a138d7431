"""Proposal PDFs: checked by their bytes, stored under the data folder with generated names."""

from __future__ import annotations

import secrets
from pathlib import Path

from sqlalchemy import make_url

from service.core.config import Settings
from service.core.errors import Invalid, PeitaoError

MAX_PDF_BYTES = 10 * 1024 * 1024
PDF_MAGIC = b"%PDF-"


class TooLarge(PeitaoError):
    status_code = 413


def data_folder(settings: Settings) -> Path:
    """Where the service keeps files beside its database: the SQLite file's folder, or `var/`
    (the default database's folder) for a server database. Never inside the package."""
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return Path(url.database).resolve().parent
    return Path("var").resolve()


def upload_folder(settings: Settings) -> Path:
    return data_folder(settings) / "challenge-files"


def check_pdf(content: bytes) -> None:
    if len(content) > MAX_PDF_BYTES:
        raise TooLarge("附件不能超过 10 MB")
    if not content.startswith(PDF_MAGIC):
        raise Invalid("附件必须是 PDF 文件", field="file")


def store_pdf(settings: Settings, content: bytes) -> str:
    check_pdf(content)
    folder = upload_folder(settings)
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.pdf"
    (folder / name).write_bytes(content)
    return name


def pdf_path(settings: Settings, name: str) -> Path:
    return upload_folder(settings) / Path(name).name

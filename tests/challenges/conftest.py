"""Uploaded PDFs go to the test's own folder, whatever database the test runs on."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.challenges import storage


@pytest.fixture(autouse=True)
def _files_in_tmp(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(storage, "data_folder", lambda settings: tmp_path)

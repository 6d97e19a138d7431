from __future__ import annotations

from pathlib import Path

import pytest

from tests.ops.installed import Installed, install_wheel


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """One regular install of the wheel per test run (about a minute: pip resolves every
    dependency into a new environment, from its cache where it can)."""
    return install_wheel(Path(tmp_path_factory.mktemp("installed")))

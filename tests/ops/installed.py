"""Peitao as users get it: the wheel built from this checkout, installed with its dependencies into
a fresh virtual environment outside the checkout, so that nothing resolves through the source tree
(an editable install would hide a data file the wheel leaves out)."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import venv
from dataclasses import dataclass
from pathlib import Path

from tests.ops.servers import ROOT


@dataclass(frozen=True)
class Installed:
    bin: Path  # the fresh environment's bin folder: peitao, python
    home: Path  # a working folder outside the checkout

    @property
    def peitao(self) -> str:
        return str(self.bin / "peitao")

    def env(self, **settings: str) -> dict[str, str]:
        """The process environment of an installed service: no PEITAO_ or PYTHON path leaks from
        the test run, and this environment's bin first on PATH."""
        keep = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("PEITAO_", "PYTHON", "VIRTUAL_ENV"))
        }
        keep["PATH"] = f"{self.bin}{os.pathsep}{keep.get('PATH', '')}"
        return {**keep, **settings}


def install_wheel(into: Path) -> Installed:
    wheels = into / "wheels"
    source = _copy_of_the_checkout(into / "source")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(source)])
    (built,) = glob.glob(str(wheels / "peitao-*.whl"))
    venv.create(into / "venv", with_pip=True)
    python = into / "venv" / "bin" / "python"
    _run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", built])
    home = into / "home"
    home.mkdir()
    return Installed(bin=python.parent, home=home)


def _copy_of_the_checkout(target: Path) -> Path:
    """The files git knows (tracked, or new and not ignored) as they are now: a stale `build/`
    folder or egg-info in the checkout would otherwise leak into the wheel and hide a gap."""
    listed = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=900, cwd="/")
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")

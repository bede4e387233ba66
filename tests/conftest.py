"""Shared test helpers: run postlint in-process or as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from postlint.cli import main

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def run_cli(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    """Run the CLI in-process; returns (exit code, stdout, stderr)."""
    runner = CliRunner()
    old = Path.cwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        result = runner.invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


def run_json(*args: str, cwd: Path | None = None) -> tuple[int, list[dict]]:
    code, out, err = run_cli("check", "--output-format", "json", *args, cwd=cwd)
    assert code in (0, 1), (code, out, err)
    return code, json.loads(out)


def run_process(*args: str, cwd: Path | None = None, **kwargs) -> subprocess.CompletedProcess:
    """Run `python -m postlint` as a real process (exit codes, stderr, no tracebacks)."""
    return subprocess.run(
        [sys.executable, "-m", "postlint", *args], cwd=cwd, capture_output=True, text=True, **kwargs
    )


@pytest.fixture
def write(tmp_path: Path):
    """write("name.md", text) -> Path, creating folders as needed (bytes kept as given)."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_bytes(content.encode("utf-8"))
        else:
            path.write_bytes(content)
        return path

    return _write

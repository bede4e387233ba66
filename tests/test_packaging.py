"""The installed wheel: rules ship as `postlint.rules`, never as a top-level `rules` module."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

SKIP = shutil.ignore_patterns(
    ".git",
    ".venv",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    ".postlint_cache",
    ".pytest_cache",
    ".hypothesis",
    ".ruff_cache",
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("src") / "postlint"
    shutil.copytree(ROOT, source, ignore=SKIP)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("postlint-*.whl")
    return built


def test_wheel_has_no_top_level_rules_package(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/")[0] for name in names}
    assert top == {"postlint", f"{wheel.name.split('-')[0]}-{wheel.name.split('-')[1]}.dist-info"}
    assert "postlint/rules/front_matter.py" in names


def test_entry_points_name_modules_inside_the_wheel(wheel: Path) -> None:
    archive = zipfile.ZipFile(wheel)
    names = set(archive.namelist())
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = archive.read(entry_points).decode()
    group = text.split("[postlint.rules]")[1].split("[")[0]
    targets = [line.split("=", 1)[1].strip() for line in group.splitlines() if "=" in line]
    assert targets, text
    for target in targets:
        module = target.split(":")[0].replace(".", "/")
        assert f"{module}.py" in names or f"{module}/__init__.py" in names, target


def test_fresh_venv_cannot_import_rules(wheel: Path, tmp_path: Path) -> None:
    env = tmp_path / "venv"
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)],
        check=True,
        capture_output=True,
    )
    probe = subprocess.run(
        [str(python), "-c", "import rules"], capture_output=True, text=True, cwd=tmp_path
    )
    assert probe.returncode != 0 and "No module named 'rules'" in probe.stderr
    found = subprocess.run(
        [
            str(python),
            "-c",
            "import importlib.util as u; print(u.find_spec('postlint.rules.front_matter').origin)",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    )
    assert "site-packages/postlint/rules/front_matter.py" in found.stdout


def test_every_data_file_beside_the_rules_is_in_the_wheel(wheel: Path) -> None:
    """Phrase lists and score tables are read at run time: a missing one is a crash."""
    names = set(zipfile.ZipFile(wheel).namelist())
    rules = ROOT / "rules"
    data = [
        p
        for p in rules.rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    ]
    assert data, "expected phrase files beside the rules"
    for path in data:
        assert f"postlint/rules/{path.relative_to(rules).as_posix()}" in names, path

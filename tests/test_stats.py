"""`postlint stats`: per-post figures in text, JSON and CSV, with the median and worst rows."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.conftest import run_cli, run_process

EASY = "We ship on Friday. The team tests it. Then we write notes. " * 30  # 360 words
HARD = (
    "Notwithstanding aforementioned organisational considerations, comprehensive "
    "infrastructural modernisation necessitates interdepartmental coordination. "
) * 20  # 200 words


@pytest.fixture(autouse=True)
def syllable_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("POSTLINT_DATA_CACHE", str(tmp_path_factory.getbasetemp() / "syl"))


@pytest.fixture
def folder(tmp_path: Path, write) -> Path:
    write(
        "posts/easy.md",
        f'---\ntitle: Easy\nread_time: "9 min read"\ntags: [a, b]\n---\n\n'
        f"{EASY}\n\n```python\nx = 1\n```\n",
    )
    write("posts/hard.md", f"---\ntitle: Hard\ntags: c\n---\n\n{HARD}\n")
    return tmp_path


def test_json_is_one_object_per_post(folder: Path) -> None:
    code, out, _ = run_cli("stats", "--output-format", "json", "posts", cwd=folder)
    assert code == 0
    rows = {Path(row["path"]).name: row for row in json.loads(out)}
    easy, hard = rows["easy.md"], rows["hard.md"]
    assert (easy["words"], easy["claimed_read_time"], easy["claimed_read_minutes"]) == (
        360,
        "9 min read",
        9.0,
    )
    assert easy["computed_read_minutes"] == 1 and easy["code_blocks"] == 1
    assert easy["tags"] == ["a", "b"] and hard["tags"] == ["c"]
    assert easy["longest_sentence_words"] == 4 and hard["longest_sentence_words"] == 10
    assert easy["flesch_reading_ease"] > 80 > 0 > hard["flesch_reading_ease"]
    assert hard["grade_level"] > 16 and hard["grade_formula"] == "flesch-kincaid"
    assert hard["claimed_read_time"] is None


def test_text_table_with_median_and_hardest(folder: Path) -> None:
    code, out, _ = run_cli("stats", "posts", cwd=folder)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == [
        "PATH",
        "WORDS",
        "CLAIMED",
        "READ",
        "EASE",
        "GRADE",
        "LONGEST",
        "TAGS",
    ]
    median = next(line for line in lines if line.startswith("median"))
    assert median.split()[1] == "280"  # median of 360 and 200 words
    assert len(median.split("280")[0]) == len(lines[1].split("360")[0])  # aligned columns
    hardest = lines.index("Hardest 2 to read (lowest Flesch reading ease):")
    assert lines[hardest + 2].startswith("posts/hard.md")
    assert lines[-1] == "2 posts."


def test_csv_has_a_header_and_a_row_per_post(folder: Path) -> None:
    _, out, _ = run_cli("stats", "--output-format", "csv", "posts", cwd=folder)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [Path(r["path"]).name for r in rows] == ["easy.md", "hard.md"]
    assert rows[0]["tags"] == "a, b" and rows[0]["words"] == "360"


def test_folder_config_changes_the_figures(folder: Path, write) -> None:
    write("posts/postlint.toml", '[read-time]\nstyle = "reading-time"\n')
    _, out, _ = run_cli("stats", "--output-format", "json", "posts", cwd=folder)
    easy = next(r for r in json.loads(out) if r["path"].endswith("easy.md"))
    assert (easy["words_per_minute"], easy["computed_read_minutes"]) == (200, 2)


def test_missing_path_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    proc = run_process("stats", "nope", cwd=tmp_path)
    assert proc.returncode == 2
    assert "nope" in proc.stderr and "Traceback" not in proc.stderr

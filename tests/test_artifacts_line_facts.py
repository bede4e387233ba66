"""The phrase lines' literal facts kept between runs (line_facts.py): a stored fact is the one
``prefilter`` works out, a line compiled when first tried is the line compiled up front, and a
missing, damaged or stale file only costs the analysis, never a different answer."""

from __future__ import annotations

import marshal
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
from postlint.rules.artifacts import line_facts, phrases
from postlint.rules.artifacts.line_facts import LineFacts
from postlint.rules.artifacts.phrases import PhraseFileError, family, parse_family
from postlint.rules.artifacts.prefilter import analyse, compile_line

FLAGS = int(re.IGNORECASE)


SAMPLES = [
    "Sure, here's the post you asked for:",
    "Based on my search results, the prices below are approximate.",
    "Let me know if you'd like any changes!",
    "Here at [Company Name], conversion went up XX% after the change.",
    "Thought: the user wants a short post. Action: web_search(espresso)",
    "As an AI language model, I cannot browse. turn0search3 Copy code",
]


def _phrase_files() -> dict[str, str]:
    folder = resources.files("postlint.rules.artifacts").joinpath("phrases")
    return {
        p.name[:-4]: p.read_text(encoding="utf-8")
        for p in folder.iterdir()
        if p.name.endswith(".txt")
    }


def _corpus_lines() -> list[str]:
    root = Path(__file__).parent / "fixtures" / "AI"
    return [
        line
        for path in sorted(root.rglob("*.md"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


@pytest.fixture
def facts(tmp_path: Path, monkeypatch) -> LineFacts:
    """A fresh store in an empty cache folder, used by ``parse_family``."""
    monkeypatch.setenv("POSTLINT_DATA_CACHE", str(tmp_path))
    store = LineFacts(FLAGS)
    monkeypatch.setattr(phrases, "FACTS", store)
    return store


def _lines(text: str) -> list[phrases.PhraseLine]:
    fam = parse_family("demo", text)
    return [line for found in fam.lines.values() for line in found]


def test_every_line_read_from_the_file_has_the_facts_and_regex_worked_out_now(facts) -> None:
    files = _phrase_files()
    for name, text in files.items():
        parse_family(name, text)
    facts.store()
    assert facts.path().is_file()

    again = LineFacts(FLAGS)
    checked = 0
    for text in files.values():
        phrases.FACTS = again
        for line in _lines(text):
            regex, needs, empty = compile_line(line.source, FLAGS)
            assert again.get(line.source) == (needs, empty) == (line.needs, line.empty)
            assert line._regex is None  # from the file: not compiled until tried
            # compile_line compiles its own parse (no pattern text kept): compare what it does
            lazy = line.regex
            assert lazy.pattern == line.source
            assert (lazy.flags, lazy.groups, lazy.groupindex) == (
                regex.flags,
                regex.groups,
                regex.groupindex,
            )
            for sample in SAMPLES:
                got, want = lazy.search(sample), regex.search(sample)
                assert (got and got.span()) == (want and want.span()), (line.source, sample)
            checked += 1
    assert checked > 300
    assert not again._added  # nothing new: the file is not written again


def test_families_from_the_stored_facts_match_as_the_installed_ones(facts) -> None:
    for name, text in _phrase_files().items():
        parse_family(name, text)
    facts.store()
    phrases.FACTS = LineFacts(FLAGS)
    texts = SAMPLES + [line.strip() for line in _corpus_lines()]
    for name, text in _phrase_files().items():
        stored, installed = parse_family(name, text), family(name)
        for section in phrases.SECTIONS:
            for sample in texts:
                got, want = stored.search(section, sample), installed.search(section, sample)
                assert (got and got.span()) == (want and want.span()), (name, section, sample)


def test_a_damaged_file_is_analysed_again_and_rewritten(facts) -> None:
    facts.path().parent.mkdir(parents=True, exist_ok=True)
    facts.path().write_bytes(b"\x00not marshal")
    (line,) = _lines(r"\bhere(?:'s| is) the post\b" + "\n")
    assert (line.needs, line.empty) == analyse(line.source, FLAGS)
    assert line._regex is not None  # analysed now: compiled from the same parse
    facts.store()
    assert marshal.loads(facts.path().read_bytes()) == {line.source: (line.needs, line.empty)}


def test_a_file_of_the_wrong_shape_is_ignored(facts) -> None:
    facts.path().parent.mkdir(parents=True, exist_ok=True)
    pattern = r"\bokay\b"
    wrong = {pattern: (["not", "a", "frozenset"], "no"), 3: (None, True)}
    facts.path().write_bytes(marshal.dumps(wrong))
    (line,) = _lines(pattern + "\n")
    assert (line.needs, line.empty) == (frozenset({"okay"}), False)


def test_an_edited_line_is_analysed_and_the_file_holds_only_current_lines(facts) -> None:
    _lines("\\bfirst phrasing\\b\n")
    facts.store()
    phrases.FACTS = second = LineFacts(FLAGS)
    (line,) = _lines("\\bsecond phrasing\\b\n")
    assert line.needs == frozenset({"second phrasing"})
    second.store()
    assert set(marshal.loads(second.path().read_bytes())) == {"\\bsecond phrasing\\b"}


def test_a_bad_line_is_still_reported_with_its_file_and_line(facts) -> None:
    with pytest.raises(PhraseFileError, match=r"phrases/demo.txt:2: "):
        parse_family("demo", "\\bfine\\b\n(unclosed\n")


def test_the_key_changes_with_the_analysis_code_and_the_flags(monkeypatch) -> None:
    key = line_facts._key(FLAGS)
    assert key != line_facts._key(0)
    real = line_facts.resources.files

    class Edited:
        def __init__(self, package: str) -> None:
            self.inner = real(package)

        def joinpath(self, name: str):
            found = self.inner.joinpath(name)
            return type("F", (), {"read_bytes": lambda _: found.read_bytes() + b"# edit"})()

    monkeypatch.setattr(line_facts.resources, "files", Edited)
    assert line_facts._key(FLAGS) != key


def test_a_read_only_cache_folder_costs_nothing_but_speed(tmp_path: Path) -> None:
    # A file where the folder should be: the store fails quietly and a run still lints.
    blocked = tmp_path / "blocked"
    blocked.write_text("a file, not a folder")
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: T\n---\n\nSure, here's the post you asked for:\n\nText.\n")
    run = subprocess.run(
        [sys.executable, "-m", "postlint", "check", "--select", "AI001", "--no-cache", str(post)],
        capture_output=True,
        text=True,
        env={"POSTLINT_DATA_CACHE": str(blocked / "cache"), "PATH": ""},
        check=False,
    )
    assert run.returncode == 1, run.stderr
    assert "AI001" in run.stdout and "Traceback" not in run.stderr

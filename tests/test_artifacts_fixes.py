"""Fix round-trips of the AI rules: the artifact goes, nothing else changes, a second --fix
changes nothing, and CRLF files stay CRLF."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli, run_json

BODY = "The body starts here and talks about indexes.\n\n## Details\n\nMore text.\n"
FRONT = '---\ntitle: "Indexes"\ndate: 2024-01-01\ntags: [db]\n---\n\n'

CASES = {
    # name: (text before the fix, text after it)
    "preamble-with-separator": (
        FRONT + "Sure, here's the blog post about indexes:\n\n---\n\n" + BODY,
        FRONT + BODY,
    ),
    "preamble-setext": (
        FRONT + "Here it is:\n---\n\n" + BODY,
        FRONT + BODY,
    ),
    "preamble-after-title": (
        FRONT + "# Indexes\n\nGreat brief! I've put together the piece below.\n\n" + BODY,
        FRONT + "# Indexes\n\n" + BODY,
    ),
    "preamble-sentences-in-first-paragraph": (
        FRONT + "Absolutely, happy to write this. The full post follows. Indexes are fast.\n",
        FRONT + "Indexes are fast.\n",
    ),
    "preamble-ending-in-colon": (
        FRONT + "Understood. Here's the post: Indexes are fast.\n",
        FRONT + "Indexes are fast.\n",
    ),
    "cue-preamble-with-separator": (
        FRONT + "Right, here's the finished piece on indexes for your blog.\n\n---\n\n" + BODY,
        FRONT + BODY,
    ),
    "cue-preamble-colon-inside": (
        FRONT + "Here you are: a practical write-up on indexes.\n\n" + BODY,
        FRONT + BODY,
    ),
    "cue-postamble-with-short-companion": (
        FRONT + BODY + "\nNeed a version for your newsletter too? Just ask.\n",
        FRONT + BODY,
    ),
    "trailing-postamble": (
        FRONT + BODY + "\nLet me know if you'd like me to adjust the tone!\n",
        FRONT + BODY,
    ),
    "trailing-postamble-no-final-newline": (
        FRONT + BODY + "\nWould you like me to expand any section?",
        FRONT + BODY.rstrip("\n"),  # the file had no final line break and still has none
    ),
    "trailing-meta-note-and-offer": (
        FRONT + BODY + "\n(Word count: 1,200)\n\nI hope this helps!\n",
        FRONT + BODY,
    ),
    "trace-paragraph-mid-post": (
        FRONT + "Intro.\n\nLet me now write the troubleshooting section.\n\n" + BODY,
        FRONT + "Intro.\n\n" + BODY,
    ),
    "citation-token": (
        FRONT + "Indexes are fast. :contentReference[oaicite:0]{index=0}\n\n" + BODY,
        FRONT + "Indexes are fast.\n\n" + BODY,
    ),
    "copy-code-label": (
        FRONT + "Run this:\n\nbash\nCopy code\n```bash\nls\n```\n",
        FRONT + "Run this:\n\n```bash\nls\n```\n",
    ),
    "utm-link": (
        FRONT + "See [the docs](https://example.com/a?utm_source=chatgpt.com).\n",
        FRONT + "See [the docs](https://example.com/a).\n",
    ),
    "utm-link-with-more-params": (
        FRONT + "See [the docs](https://example.com/a?utm_source=chatgpt.com&page=2).\n",
        FRONT + "See [the docs](https://example.com/a?page=2).\n",
    ),
    "wrapper-fence": (
        FRONT + "# Indexes\n\n```markdown\n\n" + BODY + "\n```\n",
        FRONT + "# Indexes\n\n" + BODY,
    ),
}


def _fix(path: Path, *flags: str) -> None:
    code, out, err = run_cli(
        "check", "--no-cache", "--select", "AI", "--fix", *flags, str(path), cwd=path.parent
    )
    assert code in (0, 1), (code, out, err)


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_fix_round_trip(name: str, newline: str, write) -> None:
    before, after = CASES[name]
    path = write("post.md", before.replace("\n", newline))
    _fix(path)
    assert path.read_bytes().decode("utf-8") == after.replace("\n", newline)
    _, remaining = run_json("--no-cache", "--select", "AI", str(path), cwd=path.parent)
    assert remaining == []
    _fix(path)  # a second run changes nothing
    assert path.read_bytes().decode("utf-8") == after.replace("\n", newline)


def test_lost_em_dash_needs_unsafe_fixes(write) -> None:
    text = FRONT.replace('"Indexes"', '"Indexes , and Why They Help"') + "Fast , mostly.\n"
    path = write("post.md", text)
    _fix(path)
    assert path.read_text(encoding="utf-8") == text  # unsafe: untouched by a plain --fix
    _fix(path, "--unsafe-fixes")
    fixed = path.read_text(encoding="utf-8")
    assert fixed == text.replace(" , ", " — ")
    _fix(path, "--unsafe-fixes")
    assert path.read_text(encoding="utf-8") == fixed


def test_placeholder_has_no_fix(write) -> None:
    text = FRONT + "At [Insert company name], we ship weekly.\n"
    path = write("post.md", text)
    _fix(path, "--unsafe-fixes")
    assert path.read_text(encoding="utf-8") == text
    _, violations = run_json("--no-cache", "--select", "AI006", str(path), cwd=path.parent)
    assert [v["line"] for v in violations] == [7]


def test_mid_paragraph_sentence_is_an_unsafe_fix(write) -> None:
    text = FRONT + "Indexes help. As an AI language model, I have not run this. They cost writes.\n"
    path = write("post.md", text)
    _fix(path)
    assert path.read_text(encoding="utf-8") == text
    _fix(path, "--unsafe-fixes")
    assert path.read_text(encoding="utf-8") == FRONT + "Indexes help. They cost writes.\n"


def test_bom_is_kept(write) -> None:
    before, after = CASES["preamble-with-separator"]
    path = write("post.md", b"\xef\xbb\xbf" + before.encode("utf-8"))
    _fix(path)
    assert path.read_bytes() == b"\xef\xbb\xbf" + after.encode("utf-8")


@pytest.mark.parametrize("line_break", ["\n", "\r", "\r\n"])
def test_deleting_a_blocks_last_line_takes_its_line_break_and_joins_no_others(
    write, line_break: str
) -> None:
    # Found by scripts/fuzz.py: a lone "\r" before the deleted line and the "\n" after it
    # became one "\r\n", so the fix changed a line ending it never meant to touch.
    kept = f"We shipped the release on time.{line_break}"
    disclaimer = "As an AI language model, I cannot verify the date."
    text = FRONT + kept + disclaimer + "\n\nThe team is happy.\n"
    path = write("post.md", text.encode("utf-8"))
    _fix(path, "--unsafe-fixes")
    assert (
        path.read_bytes()
        == (FRONT + "We shipped the release on time.\n\nThe team is happy.\n").encode()
    )

"""AI rules beyond the fixture posts: docs, phrase data, the labelled dev set, real posts."""

from __future__ import annotations

import json
import shutil

import pytest
from postlint.rules.artifacts import RULES
from postlint.rules.artifacts.phrases import PhraseFileError, family, parse_family

from postlint.registry import default_registry
from tests.conftest import SHARED, run_cli, run_json

DEV_SET = SHARED / "corpus" / "artifacts-dev"


def test_codes_are_stable_and_registered() -> None:
    assert [rule.code for rule in RULES] == [f"AI00{n}" for n in range(1, 10)]
    registry = default_registry()
    assert all(registry.get(rule.code) is rule for rule in RULES)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_docs_show_what_fires_and_what_does_not(rule) -> None:
    code, out, _ = run_cli("rule", rule.code)
    assert code == 0
    assert "## Example" in out and "Does not fire" in out and "## Fix" in out


def test_phrase_file_sections_keywords_and_errors() -> None:
    fam = parse_family("demo", "@keywords: zebra\n[end]\n^bye now$\n[anywhere]\nzebra crossing\n")
    assert fam.may_match("a zebra") and not fam.may_match("a horse")
    assert fam.search("end", "Bye now") and not fam.search("anywhere", "bye now")
    assert fam.search("anywhere", "the Zebra Crossing")
    with pytest.raises(PhraseFileError, match=r"phrases/demo.txt:2"):
        parse_family("demo", "# comment\n(unclosed\n")
    assert family("preamble") is family("preamble")  # compiled once per process


def test_front_matter_preamble_reports_the_key_line(write) -> None:
    path = write(
        "post.md",
        '---\ntitle: "T"\ndate: 2024-01-01\n'
        'description: "Sure, here is a short summary: tabs beat spaces."\n---\n\nText.\n',
    )
    _, violations = run_json("--no-cache", "--select", "AI", str(path), cwd=path.parent)
    assert [(v["line"], v["code"]) for v in violations] == [(4, "AI001")]
    assert "front matter `description`" in violations[0]["message"]


def test_body_preamble_message_mentions_the_derived_excerpt(write) -> None:
    path = write("post.md", "---\ntitle: T\n---\n\nHere it is:\n\n---\n\nText.\n")
    _, violations = run_json("--no-cache", "--select", "AI001", str(path), cwd=path.parent)
    assert '"Here it is:"' in violations[0]["message"]
    assert "excerpt" in violations[0]["message"]


@pytest.mark.skipif(not DEV_SET.is_dir(), reason="shared dev corpus not present")
def test_dev_set_every_label_found_and_nothing_else(tmp_path) -> None:
    labels = json.loads((DEV_SET / "labels.json").read_text())
    for name in labels:
        shutil.copy(DEV_SET / name, tmp_path / name)
    _, violations = run_json("--no-cache", "--select", "AI", str(tmp_path), cwd=tmp_path)
    found: dict[str, set[int]] = {}
    for v in violations:
        found.setdefault(v["path"].split("/")[-1], set()).add(v["line"])
    for name, labs in labels.items():
        want = {label["line"] for label in labs}
        got = found.get(name, set())
        assert all(w in got or w + 1 in got for w in want), (name, want, got)
        lines = (tmp_path / name).read_text().split("\n")
        extra = {
            g
            for g in got
            if g not in want and g - 1 not in want and not lines[g - 1].startswith("```")
        }
        assert not extra, (name, extra)


def test_cue_scores_add_weights_per_zone_and_subtract_vetoes() -> None:
    from postlint.rules.artifacts.cues import CueFileError, parse_scores

    table = (
        "[preamble]\nthreshold = 3\nzones = { start = 1.0, anywhere = 0.5 }\n"
        "bonus = { break = 1.0 }\n"
        "[preamble.cues]\nhandoff = 1.5\ntext_ref = 1.5\nhuman_intro = -10\n"
    )
    kind = parse_scores(table)["preamble"]
    text = "Here's the finished piece on espresso."
    found = kind.search("start", text)
    assert found is not None and found.group(0) == "Here's the finished piece"
    assert found.score == 3.0 and set(found.cues) == {"cue_handoff", "cue_text_ref"}
    assert kind.search("anywhere", text) is None  # the same words weigh half mid-post
    assert kind.search("end", text) is None  # a zone left out is not looked at
    assert kind.search("start", "Here's a recipe.") is None  # one cue: below min_cues
    assert kind.search("start", "In this post, here's the piece I promised.") is None  # veto
    weak = parse_scores(table.replace("text_ref = 1.5", "text_ref = 0.5"))["preamble"]
    assert weak.search("start", text) is None
    assert weak.search("start", text, ("break",)) is not None  # a `---` after the block
    with pytest.raises(CueFileError, match=r"unknown zone 'middle'"):
        parse_scores("[x]\nthreshold = 1\nzones = { middle = 1 }\n[x.cues]\nack = 1\n")
    with pytest.raises(CueFileError, match=r"no cue with a positive weight"):
        parse_scores("[x]\nthreshold = 1\n[x.cues]\nhuman_intro = -1\n")
    with pytest.raises(CueFileError, match=r"needs a threshold"):
        parse_scores("[x]\n[x.cues]\nack = 1\n")
    with pytest.raises(CueFileError, match=r"unknown cue"):
        parse_scores("[x]\nthreshold = 1\n[x.cues]\nno_such_cue = 1\n")


def test_cue_family_zones_follow_the_score_table() -> None:
    fam = family("cues:postamble")
    assert fam.patterns["end"] and fam.patterns["start"] is None
    assert fam.search("end", "I can shorten the intro if you want.")
    assert not fam.search("end", "I can shorten the intro if you want, tell me in the comments.")
    assert not fam.search("start", "I can shorten the intro if you want.")


# --- registers of the same leftovers (own paraphrases, none from a held-out set) --------------
_BODY = (
    "Composting at home starts with a bin and some patience.\n\n"
    "Mix greens and browns in equal parts, and keep the heap damp.\n"
)
_FRONT = '---\ntitle: "Compost Basics"\ndate: 2024-03-01\n---\n\n'


def _codes(source: str) -> set[tuple[str, int]]:
    from pathlib import Path

    from postlint.document import Document

    doc = Document.from_bytes(Path("post.md"), source.encode())
    return {(rule.code, v.line) for rule in RULES for v in rule().check(doc, None)}


_AT_END = [
    ("AI003", "Should you wish to alter the tone or length, please let me know."),
    ("AI003", "I would be pleased to prepare an abridged version if required."),
    ("AI003", "Done. Ping me if the intro needs tightening before it goes up."),
    ("AI003", "Holler if you'd like a punchier ending."),
    ("AI003", "Enjoy! 🌻 Want me to knock up some matching Pinterest pins?"),
    ("AI003", "Hope it hits the spot! 🙂 Fancy a shorter cut for Instagram?"),
    ("AI003", "If it's useful, I can pull together a comparison table next."),
    ("AI003", "If you want I can make the intro more short and add more tips."),
    ("AI003", "Also, want me to draft three tweet-length teasers?"),
    ("AI003", "Tell me if the voice doesn't quite fit the brand and I'll redo it."),
    ("AI007", "Meta description (148 chars): Learn how to start a compost heap at home."),
    ("AI007", "Readability: Flesch-Kincaid grade 7. Passive voice: 3%."),
    ("AI007", "*Suggested LinkedIn post: Composting is easier than you think.*"),
    ("AI007", "Alt text: A wooden compost bin beside a vegetable bed."),
    ("AI007", "CTA: Download the free composting checklist."),
    (None, "Ping me on Mastodon if you have questions about your own heap."),
    (None, "If you want, I can recommend a good bin: the one I use costs twelve pounds."),
    (None, "Should you wish to learn more, the council runs free workshops every spring."),
    (None, "Shout if you spot a mistake in the ratios."),
    (None, "If it's useful, I can share my spreadsheet: email me and I'll send it over."),
]


@pytest.mark.parametrize(("code", "text"), _AT_END, ids=[t[:40] for _, t in _AT_END])
def test_closing_registers(code: str | None, text: str) -> None:
    found = _codes(_FRONT + _BODY + "\n" + text + "\n")
    assert found == ({(code, 10)} if code else set())


_AT_START = [
    ("AI001", "Kindly find below the article as commissioned."),
    ("AI001", "Attached below, please find the first draft of the newsletter."),
    ("AI001", "Plan confirmed. Generating complete post now."),
    ("AI001", "Notes received, writing full draft now:"),
    ("AI007", "H1: Faster Builds With Layer Caching"),
    (None, "Please find a bucket with a lid before you begin."),
    (None, "Now I'll write the handler that saves the form."),  # a tutorial's first step
    (None, "Let me write the function that parses the header first."),
]


@pytest.mark.parametrize(("code", "text"), _AT_START, ids=[t[:40] for _, t in _AT_START])
def test_opening_registers(code: str | None, text: str) -> None:
    found = {c for c, line in _codes(_FRONT + text + "\n\n" + _BODY) if line == 6}
    assert found == ({code} if code else set())


@pytest.mark.parametrize(
    "title",
    [
        "Of course! Here's a headline for your gardening column:",
        "Absolutely! Here is a snappy title",
    ],
)
def test_preamble_split_over_title_pieces(title: str) -> None:
    assert ("AI001", 2) in _codes(f'---\ntitle: "{title}"\n---\n\n{_BODY}')


def test_preamble_after_a_thinking_label_is_still_at_the_start() -> None:
    source = (
        _FRONT + "Reasoned for 22 seconds\n\nSure, here's the post from your notes:\n\n" + _BODY
    )
    assert _codes(source) >= {("AI005", 6), ("AI001", 8)}


@pytest.mark.parametrize(
    "text",
    [
        "Email us at [EMAIL ADDRESS] to book a slot.",
        "Send a few lines about your plot to [POSTAL ADDRESS] by May.",
        "Consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore.",
        "Neque porro quisquam est qui dolorem ipsum quia dolor sit amet.",
        "The shop opens on TK June, from nine.",
        "Doors open March TK at the community hall.",
    ],
)
def test_placeholder_families(text: str) -> None:
    assert _codes(_FRONT + _BODY + "\n" + text + "\n\nThe worms do the rest.\n") == {("AI006", 10)}


def test_todo_about_someone_elses_text_is_a_chore() -> None:
    todo = "- TODO: proofread Maria's article\n- TODO: read Sam's draft before Friday\n"
    assert _codes(_FRONT + "My week:\n\n" + todo) == set()
    assert _codes(_FRONT + "My week:\n\n- TODO: add a photo of Maria's shelves\n") == {("AI006", 8)}


def test_lost_em_dash_snippet_is_cut_between_words() -> None:
    from postlint.rules.artifacts.em_dash import LostEmDash

    title = "Lessons From Zero-Downtime Postgres Migrations , What Actually Worked and What Did Not"
    message = LostEmDash._message(title, title.index(" , "))
    assert '"…Postgres Migrations , What Actually Worked and What…"' in message
    assert LostEmDash._message("Short , title", 5).count('"Short , title"') == 1

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

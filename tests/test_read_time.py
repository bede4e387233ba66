"""Read time (RT): hand-checked figures, the claimed forms, messages and the in-place fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from postlint.rules.read_time import ReadTimeMismatch, estimate

from postlint.document import Document
from postlint.readtime import compute_minutes, image_seconds, parse_claim
from postlint.rule import Options
from tests.conftest import run_cli, run_json

LINK = "https://example.com/a/very/long/path/with/many/segments/that/are/not/words"


def body_of_1100_words() -> str:
    """11 paragraphs of 100 prose words each (10 sentences of 10 words), with links and code.

    The link text "the reference guide" (3 words) replaces 3 words of the first paragraph,
    so the count stays 1,100; the URL, the inline code and the 300-word code block add none.
    """
    sentence = "Alpha beta gamma delta epsilon zeta eta theta iota kappa."
    paragraphs = [" ".join([sentence] * 10) for _ in range(11)]
    paragraphs[0] = (
        "Read [the reference guide](" + LINK + ") now, `inline code here` and "
        "four five six seven. " + " ".join([sentence] * 9)
    )
    code = "\n".join(["word " * 10] * 30)  # 300 words of code
    return "\n\n".join(paragraphs[:5] + ["```text\n" + code + "\n```"] + paragraphs[5:]) + "\n"


def post(front: str, body: str | None = None) -> str:
    return f"---\ntitle: T\n{front}---\n\n{body if body is not None else body_of_1100_words()}"


def options(**overrides) -> Options:
    values = ReadTimeMismatch.default_options()
    values.update(overrides)
    return Options(values)


def test_the_constructed_post_has_1100_prose_words() -> None:
    doc = Document("p.md", post(""))
    assert doc.word_count == 1100
    assert len(doc.code_blocks) == 1


# 1,100 words: 265 wpm -> 4.15 min, 213 wpm -> 5.16 min, 200 wpm -> 5.5 min.
@pytest.mark.parametrize(
    ("wpm", "rounding", "minutes"),
    [
        (265, "up", 5),
        (265, "nearest", 4),
        (213, "up", 6),
        (213, "nearest", 5),
        (200, "up", 6),
        (200, "nearest", 6),  # 5.5 rounds half up, like Math.round
    ],
)
def test_read_time_at_each_speed_and_rounding(wpm: int, rounding: str, minutes: int) -> None:
    doc = Document("p.md", post(""))
    result = estimate(doc, options(words_per_minute=wpm, rounding=rounding))
    assert (result.words, result.minutes) == (1100, minutes)


def test_styles_and_counting_code() -> None:
    doc = Document("p.md", post(""))
    assert estimate(doc, options()).minutes == 4  # gatsby: 265, nearest
    assert estimate(doc, options(style="hugo")).minutes == 6  # ceil(1100 / 213)
    assert estimate(doc, options(style="reading-time")).minutes == 6
    assert estimate(doc, options(style="ghost")).minutes == 4  # 1100 / 275 = 4.0
    with_code = estimate(doc, options(count_code=True))
    # + 300 code-block words + 3 inline-code words: 1,403 / 265 = 5.29 -> 5
    assert (with_code.words, with_code.minutes) == (1403, 5)


def test_medium_image_schedule() -> None:
    assert [image_seconds(n) for n in (0, 1, 2, 10, 12)] == [0, 12, 23, 75, 81]
    body = body_of_1100_words() + "\n" + "\n\n".join(f"![pic {i}](p{i}.png)" for i in range(10))
    doc = Document("p.md", post("", body))
    result = estimate(doc, options(style="medium"))
    # 1,100 words / 265 wpm = 249.06 s + 75 s of images = 324.06 s -> 5.4 min -> 5
    assert (result.images, result.minutes) == (10, 5)


def test_integer_arithmetic_has_no_float_drift() -> None:
    assert compute_minutes(530, 265, "up") == 2
    assert compute_minutes(531, 265, "up") == 3
    assert compute_minutes(1, 265, "nearest") == 1  # never "0 min read"
    assert compute_minutes(0, 265, "up") == 0


@pytest.mark.parametrize(
    ("value", "minutes"),
    [
        (12, 12),
        (12.5, 12.5),
        ("12", 12),
        ("12 min", 12),
        ("12 min read", 12),
        ("12 minutes", 12),
        ("12 minute read", 12),
        ("~5 mins", 5),
        ("1h 5m", 65),
        ("1 hour, 5 minutes", 65),
        ("2 hours", 120),
        ("PT1H5M", 65),
        ("about 3 min", 3),
    ],
)
def test_claimed_forms(value, minutes) -> None:
    claim = parse_claim(value)
    assert claim is not None and claim.minutes == minutes


@pytest.mark.parametrize("value", ["soon", "12 seconds", True, -3, [4], "", "min 12"])
def test_unparsable_forms(value) -> None:
    assert parse_claim(value) is None


@pytest.mark.parametrize(
    ("value", "four"),
    [
        (12, 4),
        ("12 min read", "4 min read"),
        ("12 minutes", "4 minutes"),
        ("1h 5m", "4m"),
        ("PT12M", "PT4M"),
        ("12 Min Read", "4 Min Read"),
    ],
)
def test_rendering_keeps_the_form(value, four) -> None:
    assert parse_claim(value).render(4) == four
    assert parse_claim("1h 5m").render(75) == "1h 15m"
    assert parse_claim("5 minutes").render(1) == "1 minute"


def test_mismatch_message_names_the_figures(tmp_path: Path, write) -> None:
    write("p.md", post('read_time: "12 min read"\n'))
    _, found = run_json("--select", "RT", "p.md", cwd=tmp_path)
    assert [(v["code"], v["line"]) for v in found] == [("RT001", 3)]
    assert found[0]["message"] == (
        "`read_time` claims 12 min, reads in about 4 min (1,100 words at 265 wpm)"
    )
    assert found[0]["fixable"]


def test_tolerance_needs_both_minutes_and_percent(tmp_path: Path, write) -> None:
    write("near.md", post("read_time: 5\n"))  # 1 min off: within 1 minute
    write("long.md", post("reading_time: 4\n", body_of_1100_words() * 6))  # 6,600 words
    _, found = run_json("--select", "RT001", ".", cwd=tmp_path)
    # long.md: 25 min vs 4 claimed is off by both; near.md is off by 1 min only.
    assert [(Path(v["path"]).name, v["line"]) for v in found] == [("long.md", 3)]
    write("postlint.toml", "[read-time]\ntolerance-minutes = 0.5\ntolerance-percent = 10\n")
    _, found = run_json("--select", "RT001", ".", cwd=tmp_path)
    assert sorted(Path(v["path"]).name for v in found) == ["long.md", "near.md"]


def test_style_from_config_changes_the_verdict(tmp_path: Path, write) -> None:
    write("p.md", post("readingTime: 6\n"))  # right for Hugo (213 wpm, up), not for 265
    _, found = run_json("--select", "RT001", "p.md", cwd=tmp_path)
    assert [v["code"] for v in found] == ["RT001"]
    write("postlint.toml", '[read-time]\nstyle = "hugo"\n')
    _, found = run_json("--select", "RT001", "p.md", cwd=tmp_path)
    assert found == []


def test_unparsable_value_is_its_own_code(tmp_path: Path, write) -> None:
    write("p.md", post('read_time: "a few minutes"\n'))
    _, found = run_json("--select", "RT", "--ignore", "RT003", "p.md", cwd=tmp_path)
    assert [(v["code"], v["line"]) for v in found] == [("RT002", 3)]
    assert "'a few minutes'" in found[0]["message"]


def test_missing_read_time_is_opt_in(tmp_path: Path, write) -> None:
    write("p.md", post(""))
    _, found = run_json("p.md", cwd=tmp_path)
    assert not [v for v in found if v["code"].startswith("RT")]
    _, found = run_json("--select", "RT003", "p.md", cwd=tmp_path)
    assert [v["message"] for v in found] == [
        "no read time: add `read_time: 4` (1,100 words at 265 wpm)"
    ]


@pytest.mark.parametrize(
    ("front", "fixed"),
    [
        (
            'read_time: "12 min read"  # shown on the card\n',
            'read_time: "4 min read"  # shown on the card\n',
        ),
        ("read_time: 12\n", "read_time: 4\n"),
        ("time_to_read: 12 minutes\n", "time_to_read: 4 minutes\n"),
        ("read-time: '1h 5m'\n", "read-time: '4m'\n"),
    ],
)
def test_fix_rewrites_only_the_value(tmp_path: Path, write, front: str, fixed: str) -> None:
    original = post(front).replace("\n", "\r\n")  # CRLF and everything else must survive
    path = write("p.md", "\ufeff" + original)
    code, _, _ = run_cli("check", "--select", "RT001", "--fix", "p.md", cwd=tmp_path)
    assert code == 0
    expected = "\ufeff" + original.replace(front.replace("\n", "\r\n"), fixed.replace("\n", "\r\n"))
    assert path.read_bytes().decode("utf-8") == expected


def test_fix_in_toml_front_matter(tmp_path: Path, write) -> None:
    body = body_of_1100_words()
    path = write("p.md", f'+++\ntitle = "T"\nreading_time = "12 min"\n+++\n\n{body}')
    run_cli("check", "--select", "RT001", "--fix", "p.md", cwd=tmp_path)
    assert path.read_text() == f'+++\ntitle = "T"\nreading_time = "4 min"\n+++\n\n{body}'


def test_example_post_has_a_stale_read_time() -> None:
    from tests.conftest import ROOT

    _, found = run_json("--select", "RT", str(ROOT / "examples" / "2024-08-15-stale-read-time.md"))
    assert [(v["code"], v["line"], v["message"]) for v in found] == [
        ("RT001", 5, "`read_time` claims 12 min, reads in about 1 min (246 words at 265 wpm)")
    ]

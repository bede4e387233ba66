"""Readability (RD): prose-only scores, languages, messages, long sentences, walls of text."""

from __future__ import annotations

from pathlib import Path

import pytest

from postlint.document import Document
from postlint.readability import document_scores, normalize_language, readable_text, score_text
from tests.conftest import run_json

PLAIN = (
    "We ship the app on Friday. The team tests it first. Then we write the notes. "
    "Users get a short email. They can read it in a minute. "
)
DENSE = (
    "Notwithstanding the aforementioned organisational considerations, the implementation "
    "of comprehensive infrastructural modernisation necessitates considerable "
    "administrative coordination across interdepartmental governance structures, "
    "particularly regarding authentication, authorisation and accountability. "
)


def post(body: str, front: str = "") -> str:
    return f"---\ntitle: T\n{front}---\n\n{body}\n"


@pytest.fixture(autouse=True)
def syllable_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("POSTLINT_DATA_CACHE", str(tmp_path_factory.getbasetemp() / "syl"))


def test_code_block_does_not_change_the_scores() -> None:
    prose = "\n\n".join([PLAIN * 4, DENSE + PLAIN * 2, PLAIN * 3])
    code = (
        "```python\n"
        + "\n".join(
            f"result_{i} = compute_the_extraordinarily_complicated_value(argument_{i}, flag=True)"
            for i in range(200)
        )
        + "\n```"
    )
    with_code = prose.replace("\n\n", f"\n\n{code}\n\n", 1)
    plain = document_scores(Document("a.md", post(prose)), "en")
    coded = document_scores(Document("b.md", post(with_code)), "en")
    assert abs(plain.reading_ease - coded.reading_ease) <= 1.0
    assert abs(plain.grade("flesch-kincaid") - coded.grade("flesch-kincaid")) <= 1.0
    assert plain.words == coded.words


def test_urls_and_inline_code_are_not_words() -> None:
    text = readable_text(
        Document(
            "a.md",
            post("See [the guide](https://example.com/x/y?z=1) and `pip install x`. Then go."),
        )
    )
    assert text == "See the guide and . Then go."


def test_list_items_and_paragraphs_end_as_sentences() -> None:
    text = readable_text(Document("a.md", post("- install the tool\n- run it\n\nDone")))
    assert text == "install the tool.\n\nrun it.\n\nDone."


def test_plain_text_scores_easy_and_dense_text_scores_hard() -> None:
    easy, hard = score_text(PLAIN * 5), score_text(DENSE * 5)
    assert easy.reading_ease > 80 and easy.grade("flesch-kincaid") < 5
    assert hard.reading_ease < 0 and hard.grade("flesch-kincaid") > 20


def test_language_normalisation() -> None:
    assert [normalize_language(v) for v in ("en", "en-US", "EN_gb", "de", "es-419", "rust!")] == [
        "en",
        "en_US",
        "en_GB",
        "de",
        "es",
        None,
    ]


def test_formulas_a_language_lacks_are_skipped_not_faked() -> None:
    german = score_text("Das ist ein kurzer Satz. Wir lesen ihn gern und schnell. " * 5, "de")
    assert german.reading_ease is not None  # Amstad's German constants exist
    assert german.grade("flesch-kincaid") is None and german.grade("smog") is None
    polish = score_text("To jest krótkie zdanie. Czytamy je chętnie. " * 5, "pl")
    assert polish.reading_ease is None  # textstat has no Polish reading-ease constants
    unknown = score_text("Words here. More words here. " * 5, "xx")
    assert unknown.reading_ease is None and unknown.grades == {}


def test_language_comes_from_front_matter_per_file(tmp_path: Path, write) -> None:
    dense_de = (
        "Die Implementierungsverantwortlichkeiten der Infrastrukturmodernisierung "
        "erfordern umfangreiche Abstimmungsprozesse zwischen Organisationseinheiten, "
        "Verwaltungsabteilungen und Koordinierungsgremien. "
    ) * 20
    write("de.md", post(dense_de, "lang: de-DE\n"))
    write("en.md", post(DENSE * 20))
    _, found = run_json("--select", "RD001,RD002", ".", cwd=tmp_path)
    by_file = sorted((Path(v["path"]).name, v["code"]) for v in found)
    # German gets German reading ease and no (English-only) grade; English gets both.
    assert by_file == [("de.md", "RD001"), ("en.md", "RD001"), ("en.md", "RD002")]
    german = next(v for v in found if v["path"].endswith("de.md"))
    assert german["message"].startswith("Flesch reading ease ")


def test_message_carries_the_figures(tmp_path: Path, write) -> None:
    write("p.md", post(DENSE * 20))  # sentences of 23 words: none over 25
    _, found = run_json("--select", "RD001,RD002", "p.md", cwd=tmp_path)
    ease, grade = (next(v["message"] for v in found if v["code"] == c) for c in ("RD001", "RD002"))
    doc_scores = document_scores(Document("p.md", post(DENSE * 20)), "en")
    assert ease == (
        f"Flesch reading ease {doc_scores.reading_ease:.1f} is below 30 "
        f"(grade {doc_scores.grade('flesch-kincaid'):.1f}, 0 % of sentences over 25 words)"
    )
    assert grade.startswith(
        f"Flesch-Kincaid grade {doc_scores.grade('flesch-kincaid'):.1f} is above 16 (reading ease "
    )
    assert all(v["line"] == 5 for v in found)  # the first body line


def test_thresholds_and_formula_per_folder(tmp_path: Path, write) -> None:
    write("blog/p.md", post(DENSE * 20))
    write("docs/p.md", post(DENSE * 20))
    write(
        "docs/postlint.toml",
        '[readability]\nmin-reading-ease = -200\nmax-grade = 40\ngrade-formula = "smog"\n',
    )
    _, found = run_json("--select", "RD001,RD002", ".", cwd=tmp_path)
    assert sorted(v["path"] for v in found) == ["blog/p.md", "blog/p.md"]


def test_short_posts_get_no_score(tmp_path: Path, write) -> None:
    write("p.md", post(DENSE))  # about 25 words
    _, found = run_json("--select", "RD001,RD002", "p.md", cwd=tmp_path)
    assert found == []


def test_long_sentence_and_wall_of_text_lines(tmp_path: Path, write) -> None:
    long_sentence = "This " + "very " * 45 + "long sentence ends here."
    wall = " ".join(["A short sentence of seven words here."] * 40)  # 280 words
    write("p.md", post(f"Short intro.\n\n{long_sentence}\n\n## Heading\n\n{wall}\n\nEnd."))
    _, found = run_json("--select", "RD003,RD004", "p.md", cwd=tmp_path)
    assert [(v["code"], v["line"], v["message"]) for v in found] == [
        ("RD003", 7, "sentence of 50 words (limit 40): split it"),
        ("RD004", 11, "paragraph of 280 words (limit 250): break it up"),
    ]


def test_code_words_do_not_make_a_sentence_long(tmp_path: Path, write) -> None:
    sentence = "Run `" + " ".join(["arg"] * 60) + "` and check the output."
    write("p.md", post(sentence))
    _, found = run_json("--select", "RD003", "p.md", cwd=tmp_path)
    assert found == []

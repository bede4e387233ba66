"""The document model: decoding, front matter key lines, and the prose view's map to the file."""

from __future__ import annotations

import codecs

import pytest

from postlint.document import DecodeProblem, Document


def where(doc: Document, needle: str) -> tuple[int, int]:
    """File (line, column) that the prose maps the first occurrence of ``needle`` to."""
    for block in doc.blocks:
        at = block.text.find(needle)
        if at >= 0:
            return doc.prose_position(block, at)
    raise AssertionError(f"{needle!r} not in prose: {[b.text for b in doc.blocks]}")


def expected(text: str, needle: str) -> tuple[int, int]:
    """(line, column) of ``needle`` in the raw text, counted by hand."""
    at = text.index(needle)
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    return line, column


POST = """---
title: Prose mapping
tags: [a, b]
---
# A *heading* here

Intro with [a link](https://example.com/x "title") and `inline code` then **bold** text.
Next line has ünïcödé and an emoji 🎉 before target-word.

> Quoted wisdom lives here.

- first item
- second *item* with target-two

| col | other |
|-----|-------|
| cell-one | cell-two |

```python
print("not prose")
```

Escaped \\*stars\\* and &amp; entities before target-three.
"""


@pytest.mark.parametrize(
    "needle",
    [
        "heading",
        "Intro with",
        "a link",
        " and ",
        "then",
        "bold",
        "target-word",
        "ünïcödé",
        "Quoted wisdom",
        "target-two",
        "cell-two",
        "target-three",
    ],
)
def test_prose_maps_back_to_file_positions(needle: str) -> None:
    doc = Document("post.md", POST)
    assert where(doc, needle) == expected(POST, needle)


def test_prose_excludes_code_urls_and_front_matter() -> None:
    doc = Document("post.md", POST)
    prose = doc.prose.text
    assert "not prose" not in prose
    assert "inline code" not in prose
    assert "example.com" not in prose
    assert "Prose mapping" not in prose  # the front-matter title
    assert "a link" in prose
    kinds = {b.kind for b in doc.blocks}
    assert kinds == {"heading", "paragraph", "table_cell"}
    quote = next(b for b in doc.blocks if "Quoted" in b.text)
    assert quote.in_blockquote and quote.line == 10
    item = next(b for b in doc.blocks if "target-two" in b.text)
    assert item.list_depth == 1


def test_bare_urls_and_autolinks_are_not_words() -> None:
    doc = Document("p.md", "See https://example.com/a/b and <https://x.org> now.\n")
    assert doc.prose.text == "See  and  now."
    assert doc.word_count == 3


def test_code_blocks_and_images_have_file_lines() -> None:
    doc = Document("post.md", POST)
    (code,) = doc.code_blocks
    assert (code.info, code.line, code.end_line) == ("python", 19, 21)
    assert 'print("not prose")' in code.content
    doc = Document("img.md", "---\nt: 1\n---\n\nText ![alt text](pic.png) more.\n")
    (image,) = doc.images
    assert (image.src, image.alt, image.line) == ("pic.png", "alt text", 5)
    assert "alt text" not in doc.prose.text and "pic.png" not in doc.prose.text


def test_crlf_and_bom_keep_positions_and_bytes() -> None:
    text = POST.replace("\n", "\r\n")
    raw = codecs.BOM_UTF8 + text.encode("utf-8")
    doc = Document.from_bytes("post.md", raw)
    assert doc.bom == codecs.BOM_UTF8 and doc.newline == "\r\n"
    assert doc.key_line("tags") == 3
    assert where(doc, "target-word") == expected(POST, "target-word")
    assert doc.encode() == raw


def test_utf16_with_bom_is_decoded() -> None:
    raw = codecs.BOM_UTF16_LE + "---\ntitle: x\n---\nHello.\n".encode("utf-16-le")
    doc = Document.from_bytes("post.md", raw)
    assert doc.meta == {"title": "x"} and doc.encode() == raw


def test_binary_and_bad_utf8_are_refused_with_a_line() -> None:
    with pytest.raises(DecodeProblem, match="binary"):
        Document.from_bytes("x.md", b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(DecodeProblem) as info:
        Document.from_bytes("x.md", b"line one\nline two \xff\xfe here\n")
    assert (info.value.line, info.value.column) == (2, 10)


@pytest.mark.parametrize(
    ("text", "fmt", "lines"),
    [
        (
            "---\ntitle: a\n\ndate: 2024-01-01\ntags:\n  - x\n---\nbody\n",
            "yaml",
            {"title": 2, "date": 4, "tags": 5},
        ),
        (
            '+++\ntitle = "a"\ndate = 2024-01-01\n[extra]\ntags = ["x"]\n+++\nbody\n',
            "toml",
            {"title": 2, "date": 3},
        ),
        (
            '{\n  "title": "a",\n  "nested": {"tags": 1},\n  "date": "2024-01-01"\n}\nbody\n',
            "json",
            {"title": 2, "nested": 3, "date": 4},
        ),
    ],
)
def test_front_matter_formats_and_key_lines(text: str, fmt: str, lines: dict) -> None:
    doc = Document("p.md", text)
    assert doc.front_matter.format == fmt
    assert doc.front_matter.error is None
    assert doc.front_matter.key_lines == lines
    assert doc.body.strip() == "body"
    assert doc.blocks[0].line == text.count("\n", 0, text.index("body")) + 1


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("---\ntitle: ok\nbad: [1, 2\n---\n", 3, "YAML"),
        ("+++\ntitle = 'ok'\ndate = \n+++\n", 3, "TOML"),
        ('{\n  "title": "ok",\n  "date": \n}\n', 4, "JSON"),
        ("---\ntitle: never closed\n", 1, "never closed"),
        ("---\n- a list\n---\n", 2, "mapping"),
    ],
)
def test_front_matter_errors_carry_the_file_line(text: str, line: int, fragment: str) -> None:
    error = Document("p.md", text).front_matter.error
    assert error is not None and error.line == line and fragment in error.message


def test_value_spans_point_at_the_scalar() -> None:
    text = '---\ntitle: "Hi"\nread_time: 12 min read\n---\n'
    doc = Document("p.md", text)
    start, end = doc.front_matter.value_spans["read_time"]
    assert text[start:end] == "12 min read"


def test_sentences_keep_abbreviations_and_versions_together() -> None:
    doc = Document("p.md", "Use e.g. Python 3.11 here. Then stop! Is it done? Yes.\n")
    assert [s.text for s in doc.sentences] == [
        "Use e.g. Python 3.11 here.",
        "Then stop!",
        "Is it done?",
        "Yes.",
    ]


def test_mdx_imports_and_exports_are_not_prose() -> None:
    text = (
        "---\ntitle: x\n---\nimport Chart from './Chart'\nexport const meta = {}\n\nReal words.\n"
    )
    assert [b.text for b in Document("p.mdx", text).blocks] == ["Real words."]
    # In plain Markdown the same line is prose.
    assert len(Document("p.md", text).blocks) == 2


# The Markdown parser reports UTF-8 byte ranges; these cases each broke one step of turning them
# into file characters, or of mapping a run of prose that the old token walk had to search for.
def test_non_ascii_text_maps_to_characters_not_bytes() -> None:
    text = "Ünïcödé — “quotes” 😀 then *target* word\n\nNext: 日本語 and target2\n"
    doc = Document("post.md", text)
    assert where(doc, "target") == expected(text, "target")
    assert where(doc, "target2") == expected(text, "target2")
    assert where(doc, "日本語") == expected(text, "日本語")


def test_identical_table_cells_map_to_their_own_cell() -> None:
    text = "| a | b |\n|---|---|\n| same | same |\n"
    doc = Document("post.md", text)
    cells = [b for b in doc.blocks if b.text == "same"]
    starts = [b.source_start for b in cells]
    assert starts == [text.index("same"), text.rindex("same")]


def test_a_code_span_across_lines_does_not_lose_the_place() -> None:
    text = 'Call `"C\nunwind"` first, then `longjmp` and <sup>[note](#n)</sup> after.\n'
    doc = Document("post.md", text)
    assert where(doc, "after") == expected(text, "after")
    code = [e for e in doc.blocks[0].elisions if e.kind == "code"]
    assert [text[e.source_start : e.source_end] for e in code] == ['`"C\nunwind"`', "longjmp"]


def test_collapsed_reference_link_elides_its_brackets() -> None:
    text = "See [the docs][] now.\n\n[the docs]: https://example.com/docs\n"
    doc = Document("post.md", text)
    (url,) = [e for e in doc.blocks[0].elisions if e.kind == "url"]
    assert text[url.source_start : url.source_end] == "][]"
    assert doc.links[0].href == "https://example.com/docs"
    assert (doc.links[0].line, doc.links[0].column) == (1, 5)


def test_entity_maps_to_its_ampersand_in_a_segment_of_its_own() -> None:
    text = "Word&nbsp;teh &copy; recieve\n"
    block = Document("post.md", text).blocks[0]
    assert block.text == "Word\xa0teh © recieve"
    assert block.source_offset(4) == text.index("&nbsp;")
    assert block.source_offset(5) == text.index("teh")
    assert (4, text.index("&nbsp;"), 1) in block.segments


def test_indented_code_that_starts_with_backticks_is_not_fenced() -> None:
    text = "Para.\n\n    ```sh\n    ls\n    ```\n\n```py\nx = 1\n```\n"
    doc = Document("post.md", text)
    assert [(c.fenced, c.markup, c.info, c.line, c.end_line) for c in doc.code_blocks] == [
        (False, "", "", 3, 5),
        (True, "```", "py", 7, 9),
    ]


def test_setext_heading_ends_on_its_text_line_and_tight_items_are_blocks() -> None:
    text = "Title\n=====\n\n- one\n- two\n  - nested\n"
    doc = Document("post.md", text)
    assert [(b.kind, b.text, b.line, b.end_line, b.list_depth) for b in doc.blocks] == [
        ("heading", "Title", 1, 1, 0),
        ("paragraph", "one", 4, 4, 1),
        ("paragraph", "two", 5, 5, 1),
        ("paragraph", "nested", 6, 6, 2),
    ]

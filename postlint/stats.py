"""`postlint stats`: an editor's table of a content folder, one row per post.

Figures come from the same code as the RT and RD rules, with each folder's config (words per
minute, language, grade formula), so the table and the lint findings always agree.
"""

from __future__ import annotations

import csv
import io
import json
import statistics
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from postlint.config import CliOverrides, ConfigResolver
from postlint.discovery import discover
from postlint.document import DecodeProblem, Document
from postlint.engine import relative_display
from postlint.registry import default_registry
from postlint.rules.front_matter import DEFAULT_TAG_KEYS, tag_list

# Column order of the text and CSV outputs; JSON uses the same keys.
COLUMNS = (
    ("path", "PATH"),
    ("words", "WORDS"),
    ("claimed_read_minutes", "CLAIMED"),
    ("computed_read_minutes", "READ"),
    ("flesch_reading_ease", "EASE"),
    ("grade_level", "GRADE"),
    ("longest_sentence_words", "LONGEST"),
    ("tags", "TAGS"),
)
NUMERIC = (
    "words",
    "claimed_read_minutes",
    "computed_read_minutes",
    "flesch_reading_ease",
    "grade_level",
    "longest_sentence_words",
)


def collect(paths: list[Path], cwd: Path) -> tuple[list[str], Iterator[dict[str, Any]], int]:
    """(errors, rows one by one, number of files). Raises ConfigError for a bad config."""
    resolver = ConfigResolver(default_registry(), CliOverrides(select=["RT001", "RD001"]), cwd=cwd)
    found = discover(paths or [Path(".")], resolver)

    def rows() -> Iterator[dict[str, Any]]:
        for path in found.files:
            ruleset = resolver.for_directory(path.parent)
            by_code = {active.code: active.options for active in ruleset.active}
            display = relative_display(path.absolute(), cwd)
            try:
                doc = Document.from_bytes(path, path.read_bytes())
            except (OSError, DecodeProblem) as exc:
                yield {"path": display, "error": getattr(exc, "message", None) or str(exc)}
                continue
            yield post_row(doc, display, by_code["RT001"], by_code["RD001"])

    return found.errors, rows(), len(found.files)


def post_row(doc: Document, display: str, read_options, readability_options) -> dict[str, Any]:
    """Every figure of one post, under self-explaining keys."""
    from postlint.readability import document_scores, post_language
    from postlint.readtime import parse_claim
    from postlint.rules.read_time import estimate, find_claim

    claim = find_claim(doc, read_options.keys)
    parsed = parse_claim(claim[1]) if claim else None
    read = estimate(doc, read_options)
    lang, raw_lang = post_language(
        doc, readability_options.language_keys, readability_options.language
    )
    scores = document_scores(doc, lang) if lang else None
    formula = readability_options.grade_formula
    sentences = [s for s in doc.sentences if s.block.kind == "paragraph"]
    return {
        "path": display,
        "title": _text(doc.meta.get("title")),
        "language": raw_lang,
        "words": doc.word_count,
        "sentences": len(sentences),
        "paragraphs": len(doc.prose.paragraphs),
        "images": len(doc.images),
        "code_blocks": len(doc.code_blocks),
        "claimed_read_time": _text(claim[1]) if claim else None,
        "claimed_read_minutes": parsed.minutes if parsed else None,
        "computed_read_minutes": read.minutes,
        "words_per_minute": read.words_per_minute,
        "flesch_reading_ease": _round(scores.reading_ease if scores else None),
        "grade_formula": formula,
        "grade_level": _round(scores.grade(formula) if scores else None),
        "longest_sentence_words": max((s.word_count for s in sentences), default=0),
        "tags": _tags(doc.meta),
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _tags(meta: dict[str, Any]) -> list[str]:
    """The tags under the first tag key that has any (the FM rules' parsing)."""
    return next((tags for key in DEFAULT_TAG_KEYS if (tags := tag_list(meta.get(key)))), [])


# --- rendering -----------------------------------------------------------------------------
def render_json(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"


def render_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    keys = list(dict.fromkeys(k for row in rows for k in row)) or [k for k, _ in COLUMNS]
    writer = csv.DictWriter(out, fieldnames=keys, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ", ".join(v) if isinstance(v, list) else v for k, v in row.items()})
    return out.getvalue()


def summary(rows: list[dict[str, Any]], worst: int = 10) -> tuple[dict[str, Any], list[dict]]:
    """The median of every figure, and the ``worst`` posts by reading ease (hardest first)."""
    posts = [row for row in rows if "error" not in row]
    median: dict[str, Any] = {"path": "median", "tags": []}
    for key in NUMERIC:
        values = [row[key] for row in posts if row.get(key) is not None]
        median[key] = _round(statistics.median(values)) if values else None
    scored = [row for row in posts if row.get("flesch_reading_ease") is not None]
    hardest = sorted(scored, key=lambda row: (row["flesch_reading_ease"], row["path"]))[:worst]
    return median, hardest


def render_text(rows: list[dict[str, Any]]) -> str:
    posts = [row for row in rows if "error" not in row]
    errors = [row for row in rows if "error" in row]
    median, hardest = summary(rows)
    lines = _table(posts + [median]) if posts else _table([])
    if posts:
        lines.insert(len(lines) - 1, "")  # the median row, aligned with the posts
        if hardest:
            lines += [
                "",
                f"Hardest {len(hardest)} to read (lowest Flesch reading ease):",
                *_table(hardest),
            ]
    lines += [f"{row['path']}: not read: {row['error']}" for row in errors]
    lines.append(f"\n{len(posts)} post{'s' if len(posts) != 1 else ''}.")
    return "\n".join(lines) + "\n"


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, list):
        return ", ".join(value) or "-"
    if isinstance(value, float):
        return f"{value:g}" if value.is_integer() else f"{value:.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _table(rows: Iterable[dict[str, Any]], header: bool = True) -> list[str]:
    cells = [[_cell(row.get(key)) for key, _ in COLUMNS] for row in rows]
    titles = [title for _, title in COLUMNS]
    widths = [max(len(c) for c in column) for column in zip(titles, *cells, strict=False)]
    numeric = [key in NUMERIC for key, _ in COLUMNS]
    out = []
    for row in ([titles] if header else []) + cells:
        parts = [
            c.rjust(w) if right else c.ljust(w)
            for c, w, right in zip(row, widths, numeric, strict=True)
        ]
        out.append("  ".join(parts).rstrip())
    return out


RENDERERS = {"text": render_text, "json": render_json, "csv": render_csv}

"""AI005: chat UI residue (citation tokens, "Copy code" lines, chatgpt.com tracking links)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from importlib import resources

from postlint.document import Document
from postlint.model import Edit, Fix, Severity, Violation
from postlint.rule import Options, Rule

from .edits import delete_block
from .phrases import family
from .scope import Scan, block_strings, is_mention, post_strings, quote, scans, text_fields

_UTM = re.compile(r"([?&])utm_source=(?:chatgpt\.com|chatgpt|openai)(&?)", re.I)
# Links into the chat's own sandbox: files the model "created" that no reader can open.
_SANDBOX = re.compile(r"\(\s*<?(?:sandbox:/|/mnt/data/)", re.I)
# Status lines of a chat window that carry a count: "Searched 4 sites", "Thought for 12 seconds".
_COUNT_LABEL = re.compile(
    r"(?:searched|browsed|read|reviewed|visited) \d+ (?:sites?|sources?|(?:web ?)?pages?|results?)"
    r"|(?:thought|reasoned|worked|thinking|pondered) for (?:\d+(?:\.\d+)?|a few|a couple of) ?"
    r"(?:s|secs?|seconds?|m|mins?|minutes?)",
    re.I,
)
# Code-header buttons whose text ran together when copied: "CopyEdit", "Copy codeEdit".
_GLUED_LABELS = re.compile(
    r"(?:copy(?: code)?|edit|share|download)(?:\s?(?:copy|edit|share|download))+"
)


def _is_label(line: str, strong: frozenset[str], weak: frozenset[str]) -> bool:
    """A lowercased line that is a chat window label."""
    return (
        line in strong
        or line in weak
        or _COUNT_LABEL.fullmatch(line) is not None
        or _GLUED_LABELS.fullmatch(line) is not None
    )


def _all_labels(lines: list[str]) -> bool:
    """The lowercased lines of a short paragraph are all chat window labels."""
    strong, weak = ui_labels()
    # Only the first line may be something else (a language name), so the last one decides
    # most paragraphs at once.
    if not lines or not _is_label(lines[-1], strong, weak):
        return False
    found = [line for line in lines if _is_label(line, strong, weak)]
    # A language name may precede "Copy code" on the line above (ChatGPT's code header).
    rest = [line for line in lines if line not in found]
    language = (
        len(rest) == 1
        and lines[0] == rest[0]
        and re.fullmatch(r"[a-z0-9+#.\-]{1,15}", rest[0]) is not None
    )
    if not found or (rest and not language):
        return False
    # A weak label alone ("Edit", "Download") is an ordinary word.
    return not (all(line in weak for line in found) and len(found) < 2 and not language)


def _lines(text: str) -> list[str]:
    """The non-blank lines of a paragraph, stripped and lowercased."""
    return [line.strip().lower() for line in text.split("\n") if line.strip()]


def _last_line(lowered: str) -> str:
    """``_lines(text)[-1]`` (or "") of the lowercased text, without splitting it."""
    text = lowered.rstrip()
    return text[text.rfind("\n") + 1 :].strip()


def _is_speaker(line: str, strong: frozenset[str]) -> bool:
    """A speaker label of a chat window on its own line: "You said:", "ChatGPT said:"."""
    return line in strong and line.endswith(" said:")


def is_label_block(scan: Scan) -> bool:
    """A short paragraph that is wholly chat window labels ("Thought for 9 seconds")."""
    if scan.block.kind != "paragraph" or len(scan.text) > 120:
        return False
    return _all_labels(_lines(scan.text))


def _token_kind(token: str) -> str:
    return "chat window footer" if "mistakes" in token.lower() else "citation token"


@cache
def ui_labels() -> tuple[frozenset[str], frozenset[str]]:
    """Whole-line chat UI labels from ``phrases/ui_labels.txt``: (strong, weak). A ``weak:``
    label ("Copy", "Edit") is an ordinary word alone and counts only next to another label."""
    text = resources.files(__package__).joinpath("phrases", "ui_labels.txt").read_text("utf-8")
    lines = [line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"]
    weak = frozenset(line[5:].strip() for line in lines if line.startswith("weak:"))
    return frozenset(line for line in lines if not line.startswith("weak:")), weak


class ChatResidue(Rule):
    """Reports text copied out of a chat window with the answer: citation tokens
    (`:contentReference[oaicite:0]{index=0}`, `turn0search3`, `【4†source】`), UI labels on
    lines of their own ("Copy code" above a code block, "Regenerate response", "ChatGPT
    said:") and links tagged `utm_source=chatgpt.com`.

    ## Why
    These tokens mean nothing outside the chat window; in a published post they are visible
    noise, and the tracking parameter tells every reader where the text came from.

    ## Example
    Fires: "… quietly reverted a security group rule. :contentReference[oaicite:0]{index=0}",
    "… run happily in parallel on a laptop. turn1search0", a paragraph that is just "Copy
    code" (or "bash" and "Copy code"), "Copy" and "Edit" on two lines or run together
    ("CopyEdit"), "You said:" over the pasted prompt, "Searched 4 sites",
    "ChatGPT can make mistakes.", `[docs](https://example.com/?utm_source=chatgpt.com)`, a link
    to `sandbox:/mnt/data/report.csv`.

    Does not fire: the same tokens in code blocks or inline code, in a blockquote or in
    quotes ("tokens like “turn0search3”"), "copy the code below" in a sentence, a paragraph
    that is just "Edit" or "Download", a bare "2 / 3".

    ## Fix
    Safe: deletes the token (and the space before it), the label paragraph, or the
    `utm_source` parameter of the link.
    """

    code = "AI005"
    name = "chat-ui-residue"
    summary = "Chat UI residue: citation tokens, 'Copy code' lines, utm_source=chatgpt.com"
    severity = Severity.ERROR
    fixable = "safe"

    def check(self, doc: Document, options: Options) -> Iterator[Violation]:
        yield from self._fields(doc)
        yield from self._tokens(doc)
        yield from self._labels(doc)
        yield from self._links(doc)

    def _fields(self, doc: Document) -> Iterator[Violation]:
        fam = family("residue")
        for key, value in text_fields(doc):
            if fam.may_match(value.lower()):
                match = fam.search("anywhere", value)
                if match:
                    yield self.key_violation(
                        doc, key, f'chat UI residue in front matter `{key}`: "{match.group(0)}"'
                    )

    def _tokens(self, doc: Document) -> Iterator[Violation]:
        fam = family("residue")
        # Each block's strings are known from the post's one pass (literals.py).
        if not fam.may_match_present(post_strings(doc)):
            return
        for scan, present in zip(scans(doc), block_strings(doc), strict=True):
            if not fam.may_match_present(present):
                continue
            for match in fam.finditer("anywhere", scan.text):
                sentence = next(
                    (s for s in scan.sentences if s.start <= match.start() < s.end), None
                )
                if is_mention(scan.text, sentence.start if sentence else 0, match.start()):
                    continue
                start = match.start()
                while start > 0 and scan.text[start - 1] in " \t":
                    start -= 1
                block = scan.block
                source_start, source_end = block.source_span(start, match.end())
                fix = None
                if doc.text[source_start:source_end] == scan.text[start : match.end()]:
                    fix = Fix(
                        (Edit(source_start, source_end, ""),),
                        f"delete the {_token_kind(match.group(0))}",
                    )
                yield self.at_prose(
                    doc,
                    block,
                    match.start(),
                    match.end(),
                    f'chat UI residue: {_token_kind(match.group(0))} "{quote(match.group(0), 50)}"',
                    fix=fix,
                )

    def _labels(self, doc: Document) -> Iterator[Violation]:
        strong, weak = ui_labels()
        for scan in scans(doc):
            if scan.block.kind != "paragraph":
                continue
            speaker = " said:" in scan.lowered
            if len(scan.text) > 120 and (len(scan.text) > 1000 or not speaker):
                continue  # too long for a label, and no speaker's turn ("You said:") either
            # No speaker's turn: a paragraph of labels, whose last line is one; most
            # paragraphs end there, before their lines are split.
            if not speaker and not _is_label(_last_line(scan.lowered), strong, weak):
                continue
            lines = _lines(scan.text)
            if (
                lines
                and _is_speaker(lines[0], strong)
                and len(lines) > 1
                and len(scan.text) <= 1000
            ):
                # A speaker label over the turn it introduces ("You said:" and the prompt); the
                # prompt may run long, and the reply's label may follow it in the same paragraph.
                yield from self._turns(doc, scan, strong)
                continue
            if len(scan.text) > 120 or not _all_labels(lines):
                continue
            yield self.at_line(
                doc,
                scan.block.line,
                f'chat UI residue: the label "{quote(scan.text, 50)}" copied from a chat window',
                fix=delete_block(doc, scan.block, "chat UI label"),
            )

    def _turns(self, doc: Document, scan, strong: frozenset[str]) -> Iterator[Violation]:
        block = scan.block
        # Softbreaks keep the paragraph's lines, so line i of the prose is file line line + i.
        texts = [text.strip().lower() for text in block.text.split("\n")]
        labels = [block.line + i for i, text in enumerate(texts) if _is_speaker(text, strong)]
        for i, line in enumerate(labels):
            label = texts[line - block.line]
            start = doc.index.line_start(line)
            if label.startswith("you "):  # the prompter's turn: the label and the prompt go
                end = (
                    doc.index.line_start(labels[i + 1])
                    if i + 1 < len(labels)
                    else delete_block(doc, block, "turn").edits[0].end
                )
                fix = Fix((Edit(start, end, ""),), "delete the pasted chat turn")
            else:  # the model's turn: its text may be the post, so only the label goes
                end = (
                    delete_block(doc, block, "label").edits[0].end
                    if line == block.end_line
                    else doc.index.line_start(line + 1)
                )
                fix = Fix((Edit(start, end, ""),), "delete the label")
            yield self.at_line(
                doc,
                line,
                f'chat UI residue: the speaker label "{quote(label, 30)}" of a pasted chat turn',
                fix=fix,
            )

    def _links(self, doc: Document) -> Iterator[Violation]:
        if (
            "utm_source=" not in doc.text
            and "sandbox:" not in doc.text
            and "mnt/data" not in doc.text
        ):
            return
        for scan in scans(doc):
            for elision in scan.block.elisions:
                if elision.kind != "url":
                    continue
                source = doc.text[elision.source_start : elision.source_end]
                if _SANDBOX.search(source):
                    target = quote(source.strip("]()<> "), 50)
                    yield self.at_offsets(
                        doc,
                        elision.source_start,
                        elision.source_end,
                        f'chat UI residue: link into the chat\'s sandbox "{target}" '
                        "that no reader can open",
                    )
                    continue
                match = _UTM.search(source)
                if not match:
                    continue
                start = elision.source_start + match.start()
                end = elision.source_start + match.end()
                if match.group(1) == "?" and match.group(2):  # ?utm…&rest -> ?rest
                    edit = Edit(start + 1, end, "")
                elif match.group(1) == "?" or match.group(1) == "&":
                    edit = Edit(start, end - len(match.group(2)), "")
                fix = Fix((edit,), "remove the utm_source tracking parameter")
                yield self.at_offsets(
                    doc,
                    start,
                    end,
                    f'chat UI residue: link tagged "{match.group(0).strip("?&")}" '
                    "(copied from a chat answer)",
                    fix=fix,
                )

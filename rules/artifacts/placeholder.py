"""AI006: a placeholder nobody filled in."""

from __future__ import annotations

import re
from collections.abc import Iterator

from postlint.document import Document
from postlint.model import Severity, Violation
from postlint.rule import Options

from .base import Hit, PhraseRule
from .scope import scans

# A template variable left as a link target: [Start your trial]({{CTA_LINK}}).
_TEMPLATE_URL = re.compile(r"\{\{\s*[A-Z][A-Z0-9_]{2,}\s*\}\}|\[(?:insert|your)\b[^\]]*\]", re.I)
# A slot written in angle brackets parses as inline HTML and so never reaches the prose:
# "<insert link>", "<your email>". No HTML element is called insert, add or your.
_ANGLE_SLOT = re.compile(r"<\s*(?:insert|add|your|enter|fill in|placeholder)\b[^<>]{0,60}>", re.I)
# A TODO in a list is a to-do list ("- TODO: renew car insurance") unless the item is about
# the text: a picture, a link, a number or a part of the post still to be supplied. "draft the
# talk outline" is a verb about another piece of work; the noun it drafts decides.
_NOTE_MARK = re.compile(r"^(?:TODO|FIXME|TBD|TKTK)\b")
_ABOUT_TEXT = re.compile(
    r"\b(?:photos?|images?|pictures?|screenshots?|links?|urls?|examples?|sections?|quotes?|"
    r"stats?|statistics|numbers|figures?|citations?|sources?|references?|paragraphs?|intro|"
    r"introduction|conclusion|headings?|title|captions?|charts?|graphs?|tables?|diagrams?|"
    r"benchmarks?|cta|bio|summary|post|article|draft(?!\s+(?:the|a|an|my|our)\b)|wording|sentences?|footnotes?|"
    r"this (?:part|bit|step)|here)\b",
    re.I,
)


# Someone else's text is a chore to attend to, not this post's gap: "review Jamal's draft",
# "read the team's summary".
_OWNED = re.compile(r"\b\w+'s\s+(?:[\w-]+\s+){0,2}?$")


def _chore(hit: Hit) -> bool:
    """A TODO item of a to-do list about the reader's chores, not a note about the text."""
    if not hit.scan.block.list_depth or not _NOTE_MARK.match(hit.phrase):
        return False
    sentence = hit.scan.sentences[hit.sentence]
    text = hit.scan.text[sentence.start : sentence.end]
    return not any(not _OWNED.search(text[: m.start()]) for m in _ABOUT_TEXT.finditer(text))


class Placeholder(PhraseRule):
    """Reports unfilled template slots: "[Insert company name]", "[Your Name]",
    "{{CTA_LINK}}", "XX%", Lorem ipsum, a stray "TK" used as a value, TODO lines in prose.

    ## Why
    A slot left in a published post shows the reader the template. Drafts written from a
    prompt template are full of them.

    ## Example
    Fires: "Here at [Company Name], this changed how we work.", "For example, [add
    example].", "Conversion went up XX% after the change.", "The feature ships in TK.",
    "TODO: add the benchmark numbers", "Read more at <insert link>.", "(insert screenshot here)",
    "{{first_name}}", "The café opens on TK.", "Opening date: TK", "[Summary of the post goes
    here]", "on TK June", "Send a few lines about your plot to [POSTAL ADDRESS].", and filler
    Latin beyond Lorem ipsum ("Neque porro quisquam est …", phrases/filler.txt).

    Does not fire: "TK Maxx", Tkinter, "TK, who runs the shop", a `[x]` task box, `# TODO`
    inside a code block, "TODO items survive restarts" (to-do lists), "- TODO: book the
    dentist" as an item of a to-do list (a list item counts only when it is about the text:
    "- TODO: add a photo of the shelves"; "- TODO: read Sam's draft" is someone else's
    text, a chore), Liquid or Hugo tags such
    as `{{ site.url }}`, `{{ end }}` and `{{< figure >}}`, and "templates with slots like
    [Your Name]" (a mention; "Written by [Author Name]" is no mention and fires).

    ## Fix
    None: only the author knows the value.
    """

    code = "AI006"
    name = "placeholder"
    summary = "An unfilled placeholder ('[Insert company name]', 'XX%', '{{CTA_LINK}}', TK)"
    severity = Severity.ERROR
    kind = "placeholder"
    families = ("placeholder", "filler")
    can_fix = False
    mention_window = 14

    def find(self, doc: Document) -> list[Hit]:
        return [hit for hit in super().find(doc) if not _chore(hit)]

    def check(self, doc: Document, options: Options) -> Iterator[Violation]:
        yield from super().check(doc, options)
        if "{{" not in doc.text and "[" not in doc.text and "<" not in doc.text:
            return
        for scan in scans(doc):
            for elision in scan.block.elisions:
                if elision.kind != "html" and elision.kind != "url":
                    continue  # inline code and images hold no slot of their own
                # The source, not the parsed href: markdown-it percent-encodes the braces.
                source = doc.text[elision.source_start : elision.source_end]
                if elision.kind == "html" and _ANGLE_SLOT.fullmatch(source):
                    yield self.at_offsets(
                        doc,
                        elision.source_start,
                        elision.source_end,
                        f'placeholder: "{source}" was never filled in',
                    )
                    continue
                if elision.kind == "url" and (match := _TEMPLATE_URL.search(source)):
                    yield self.at_offsets(
                        doc,
                        elision.source_start,
                        elision.source_end,
                        f'placeholder: link target "{match.group(0)}" was never filled in',
                    )

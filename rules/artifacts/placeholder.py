"""AI006: a placeholder nobody filled in."""

from __future__ import annotations

import re
from collections.abc import Iterator

from postlint.document import Document
from postlint.model import Severity, Violation
from postlint.rule import Options

from .base import PhraseRule
from .scope import scans

# A template variable left as a link target: [Start your trial]({{CTA_LINK}}).
_TEMPLATE_URL = re.compile(r"\{\{\s*[A-Z][A-Z0-9_]{2,}\s*\}\}|\[(?:insert|your)\b[^\]]*\]", re.I)
# A slot written in angle brackets parses as inline HTML and so never reaches the prose:
# "<insert link>", "<your email>". No HTML element is called insert, add or your.
_ANGLE_SLOT = re.compile(r"<\s*(?:insert|add|your|enter|fill in|placeholder)\b[^<>]{0,60}>", re.I)


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
    "{{first_name}}".

    Does not fire: "TK Maxx", Tkinter, "TK, who runs the shop", a `[x]` task box, `# TODO`
    inside a code block, "TODO items survive restarts" (to-do lists), Liquid or Hugo tags such
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
    families = ("placeholder",)
    can_fix = False

    def check(self, doc: Document, options: Options) -> Iterator[Violation]:
        yield from super().check(doc, options)
        if "{{" not in doc.text and "[" not in doc.text and "<" not in doc.text:
            return
        for scan in scans(doc):
            for elision in scan.block.elisions:
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

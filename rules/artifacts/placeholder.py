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


class Placeholder(PhraseRule):
    """Reports unfilled template slots: "[Insert company name]", "[Your Name]",
    "{{CTA_LINK}}", "XX%", Lorem ipsum, a stray "TK" used as a value, TODO lines in prose.

    ## Why
    A slot left in a published post shows the reader the template. Drafts written from a
    prompt template are full of them.

    ## Example
    Fires: "Here at [Company Name], this changed how we work.", "For example, [add
    example].", "Conversion went up XX% after the change.", "The feature ships in TK.",
    "TODO: add the benchmark numbers".

    Does not fire: "TK Maxx", Tkinter, "TK, who runs the shop", a `[x]` task box, `# TODO`
    inside a code block, Liquid or Hugo tags such as `{{ site.url }}` and `{{< figure >}}`,
    "templates with slots like [Your Name]" (a mention).

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
        if "{{" not in doc.text and "[" not in doc.text:
            return
        for scan in scans(doc):
            for elision in scan.block.elisions:
                # The source, not the parsed href: markdown-it percent-encodes the braces.
                source = doc.text[elision.source_start : elision.source_end]
                if elision.kind == "url" and (match := _TEMPLATE_URL.search(source)):
                    yield self.at_offsets(
                        doc,
                        elision.source_start,
                        elision.source_end,
                        f'placeholder: link target "{match.group(0)}" was never filled in',
                    )

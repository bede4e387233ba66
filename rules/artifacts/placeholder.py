"""AI006: a placeholder nobody filled in."""

from __future__ import annotations

from postlint.model import Severity

from .base import PhraseRule


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

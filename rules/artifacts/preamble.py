"""AI001: a leaked preamble, the assistant's hand-off before the content."""

from __future__ import annotations

from .base import PhraseRule


class LeakedPreamble(PhraseRule):
    """Reports an assistant's acknowledgement or hand-off left at the start of a post.

    Looks at the first sentences of the body (or of the paragraph right after the first
    heading; `Here it is:` followed by `---` parses as a heading and counts too) and at the
    start of the front-matter fields `title`, `subtitle`, `description`, `excerpt` and
    `summary`. An agent's narration there ("I've finished researching. Writing the article
    now:") is part of the preamble and reported here, not by AI002.

    ## Why
    Sites show the first paragraph (or the excerpt) on index pages, in feeds and in link
    previews: a leaked "Sure, here's the blog post about …" is the first thing readers see.

    ## Example
    Fires (at the start of the body):
    ```markdown
    Sure, here's a clear and engaging post about keyboard testing:

    ---

    The cheapest accessibility test I know …
    ```
    also "Great brief! I've put together the piece below.", "Understood, keeping it short.
    Here's the post:", "Absolutely, happy to write this. The full post follows.", and
    `summary: "Sure, a one-line summary: …"` in front matter.

    Also fires when several cues meet in one opening sentence (`phrases/cue_combos.txt`):
    "Right, here's the finished piece on espresso for your coffee blog." (acknowledgement,
    hand-off, the text, the prompter), "Okay, I went ahead and wrote it in first person."
    (acknowledgement, own writing, manner), "Here you are: a practical write-up on tomatoes."

    Does not fire: "Sure, it sounds like overkill for something this small." (no hand-off),
    "Here is the complete code:" or "Here's what's new in 2.4" (not the post itself), the
    same words in the middle of the post, in a blockquote, in quotes or in inline code,
    "In this post, I'll walk you through …" (an author's intro), "Many of you asked about the
    ratios, so here's a longer piece on them." (a reply to readers), "Okay, I wrote it."

    ## Fix
    Safe: deletes the preamble sentences; when they are the whole paragraph, deletes its lines
    together with the `---` separator and the blank lines after it.

    ## Options
    None. Phrasings live in `phrases/preamble.txt`, one regular expression a line; cue word
    families in `phrases/cue_*.txt` and the combinations that count in `phrases/cue_combos.txt`.
    """

    code = "AI001"
    name = "leaked-preamble"
    summary = "An assistant's hand-off ('Sure, here's the post:') left before the content"
    fixable = "safe"
    kind = "leaked preamble"
    families = ("preamble", "cues:preamble")
    companions = ("acknowledgement", "trace")
    fix_what = "leaked preamble"
    excerpt_note = True

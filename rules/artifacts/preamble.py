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

    Also fires when the cues of one opening sentence, or of two neighbouring ones, add up to
    the threshold in `phrases/cue_scores.toml` (an acknowledgement, a hand-off, the text as an
    object, the prompter, own writing, a manner, being ready, drafting now; a `---` after the
    paragraph adds to the score): "Right, here's the finished piece on espresso for your
    coffee blog.", "Okay, I went ahead and wrote it in first person.", "Here you are: a
    practical write-up on tomatoes.", "All set. Draft below:", "Thanks, that gives me plenty
    to work with. Drafting the post now.", and in the title itself: "# Sure! Here's the
    article you requested: Five Walks", or in a subheading right under the title: "# Five
    Walks" then "## Here's the revised version, as requested". Formal and terse registers
    too: "Kindly find below the article as commissioned.", "Plan confirmed. Generating
    complete post now.", a title field "Of course! Here's a headline for your gardening
    column:", and a hand-off under a "Reasoned for 22 seconds" label of the chat window.

    Does not fire: "Sure, it sounds like overkill for something this small." (no hand-off), "Here is
    the complete code:" or "Here's what's new in 2.4" (not the post itself), the same words in the
    middle of the post, in a blockquote, in quotes or in inline code, "In this post, I'll walk you
    through …" (an author's intro), "Many of you asked about the ratios, so here's a longer piece on
    them." (a reply to readers), "Okay, I wrote it."; also "You asked about slugs on your hostas,
    Priya. Here's the method I use." (a reader called by name), "Here is the full changelog for 4.1,
    as promised in the last newsletter.", "Now I'll write the handler that saves the form." (a
    tutorial's first step writes code, not the post), "Please find a bucket with a lid".

    ## Fix
    Safe: deletes the preamble sentences; when they are the whole paragraph, deletes its lines
    together with the `---` separator and the blank lines after it.

    ## Options
    None. Phrasings live in `phrases/preamble.txt`, one regular expression a line; cue word
    families in `phrases/cue_*.txt`; their weights, zones, vetoes and thresholds, one a line, in
    `phrases/cue_scores.toml`.
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

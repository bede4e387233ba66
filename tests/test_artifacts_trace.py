"""AI002 by shape (rules/artifacts/trace_structure.py): each shape fires on phrasings written
for these tests, not on the held-out sentences it was built from, and stays silent on the
human sentences that look most like it."""

from __future__ import annotations

import pytest
from postlint.rules.artifacts.phrases import family
from postlint.rules.artifacts.trace import AgentTrace
from postlint.rules.artifacts.trace_structure import (
    ACCESS,
    CONSEQUENCE,
    NOTE,
    OBJECT,
    PACE,
    PROCESS,
    REACT,
    RESEARCH,
    STATUS,
    TOKEN,
    TOOL,
)

from postlint.document import Document
from postlint.rule import Options
from tests.conftest import run_cli, run_json

FRONT = '---\ntitle: "Notes"\ndate: 2024-01-01\ntags: [misc]\n---\n\n'
OPENING = "The week started slowly, with rain and a long list of errands.\n\n"
CLOSING = "\n\n## Later\n\nThe rest of the week was quieter.\n"
LINE = 9  # the file line of the sentence under test (after FRONT and OPENING)

POSITIVE = {
    # sentence -> the reason its message gives
    "I couldn't reach the council's bin calendar, so the collection dates below are a best guess.": "could not reach",  # noqa: E501
    "The airline's baggage page returned an error; the fees in this post may be out of date.": "could not reach",  # noqa: E501
    "The vet's price list could not be retrieved. The costs above are therefore approximate.": "could not reach",  # noqa: E501
    "The lookup turned up nothing, but I know this area well, so here goes.": "could not reach",  # noqa: E501
    '→ google_search("allotment waiting list london") · 6 results · opened 2': "tool call",
    "=> Calling the tool with query: allotment rents 2024": "tool call",
    "Checking `data/prices.csv`… ok.": "tool call",
    "Step 1/3: gathering sources on allotment rents.": "tool call",
    "Next: the conclusion.": "tool call",
    "Thought: the prompt asks for a friendly tone, so keep it light.": "Thought/Action",
    'Action: web_search("frost dates zone 7")': "Thought/Action",
    "Observation: the council page says the waiting list is two years.": "Thought/Action",
    "I'll carry on with the remaining sections now that the intro is done.": "progress",
    "Now that both headings are written, the summary can follow.": "progress",
    "I've drafted all three sections and the outline can go.": "progress",
    "Drafting the pricing section from my notes.": "progress",
    # status lines: a glyph, a call, a label or a participle, with agent content
    '⏺ Grep("allotment")': "status line",
    "⎿  Wrote notes/allotments.md (64 lines)": "status line",
    "✔ Found 7 results for allotment rents": "status line",
    "Status: 5 of 7 sources read, one timed out.": "status line",
    "Next step: expand the section on waiting lists.": "status line",
    "Plan: intro on waiting lists → costs → FAQ → sources.": "status line",
    "Querying the council's allotment statistics…": "status line",
    "Compiling the allotment statistics now...": "status line",
    "Proofreading the draft one last time… no typos found.": "status line",
    # first-person research notes
    "Heads-up from my lookups: the council never published its 2023 rents.": "own research",
    "Rents rose 9% (can't confirm this; the council spreadsheet didn't open for me).": "own research",  # noqa: E501
    "Having skimmed enough of the council minutes, I can now put together the costs part.": "own research",  # noqa: E501
    "From what I was able to dig up online, most sites have a two-year wait.": "own research",
}

NEGATIVE = [
    "The proxy returned a 502, so we raised the timeout to thirty seconds.",
    "I couldn't find a plumber on a Sunday, so I fixed the tap myself.",
    "We couldn't reach the supplier all week, so the prices below are last month's.",
    "I couldn't access my pension account, which is why I rang them.",
    "Step 3: run the migration and restart the workers.",
    "Step 2 of 5: Checking the chain for stiff links.",
    "Let's read the config file before we change it.",
    "Reading `settings.toml` happens once at start-up.",
    "fetch('/api/users') returns a promise you must await.",
    "Observation: the seedlings on the windowsill are a week ahead.",
    "Thought: a second coat of paint would have been worth it.",
    "Action: moved the compost bin into the shade.",
    "I'll move on to the next chapter of my life in September.",
    "Writing the methods section of my thesis took a month.",
    "I've finished the first section of the jigsaw.",
    "Next: the 3.1 release, due in May.",
    "Plan: catch the 7:10 ferry to the island.",
    "Status: resolved after the second restart.",
    "Next step: pot them up when the roots show.",
    "Next step: write your intro before the body.",
    "Reading list: two memoirs and a history of allotments.",
    "Searching for a flat in Berlin took four months.",
    "Running late now… the bus never came.",
    "✓ Fixed crash on start",
    "• 14:10 to 14:40, committee meeting",
    "Tooling (IDE support, formatter, linter)",
    "I consulted the 1881 census and two parish registers.",
    "I couldn't verify her birth date until my cousin found the family Bible.",
    "The archive's website wouldn't load on my phone, so I went in person.",
    "Having gathered enough firewood, we finally sat down to eat.",
    "From what I could find in the parish registers, she was baptised in 1859.",
]


def trace_lines(text: str) -> list[tuple[int, str]]:
    doc = Document.from_bytes("post.md", text.encode())
    return [(v.line, v.message) for v in AgentTrace().check(doc, Options())]


@pytest.mark.parametrize("sentence", POSITIVE, ids=lambda s: s[:40])
def test_shape_fires_with_its_reason(sentence: str) -> None:
    found = trace_lines(FRONT + OPENING + sentence + CLOSING)
    assert [line for line, _ in found] == [LINE], found
    assert POSITIVE[sentence] in found[0][1]


@pytest.mark.parametrize("sentence", NEGATIVE, ids=lambda s: s[:40])
def test_human_lookalike_stays_silent(sentence: str) -> None:
    assert trace_lines(FRONT + OPENING + sentence + CLOSING) == []


@pytest.mark.parametrize(
    "text",
    [
        "> I couldn't open the vendor page, so the prices below are from memory.\n",
        'The reviewer called "the page returned a 403, so the prices below are approximate" '
        "a tell.\n",
        'Run `web_search("kubernetes") · 8 results · opened 3` to see the helper\'s log line.\n',
        '```text\n→ web_search("q") · 8 results · opened 3\nThought: the user wants a list.\n```\n',
    ],
    ids=["blockquote", "quotation", "inline-code", "code-block"],
)
def test_quoted_or_code_traces_are_left_alone(text: str) -> None:
    assert trace_lines(FRONT + OPENING + text + CLOSING) == []


def test_two_labels_make_a_transcript_only_in_one_paragraph() -> None:
    together = "Thought: rain tomorrow. Action: bring the bikes in.\n"
    assert [line for line, _ in trace_lines(FRONT + OPENING + together + CLOSING)] == [LINE]
    apart = "Thought: rain tomorrow.\n\n## Monday\n\nSunny.\n\n## Tuesday\n\nAction: bikes in.\n"
    assert trace_lines(FRONT + OPENING + apart + CLOSING) == []


def test_the_access_pair_spans_two_sentences_as_one_finding() -> None:
    text = "The census portal was unreachable. The figures here are my best recollection.\n"
    found = trace_lines(FRONT + OPENING + text + CLOSING)
    assert [line for line, _ in found] == [LINE]
    assert "The census portal was unreachable." in found[0][1]


def test_a_failure_without_consequence_or_a_consequence_without_failure_is_silent() -> None:
    assert trace_lines(FRONT + OPENING + "The status page was unreachable for an hour.\n") == []
    assert trace_lines(FRONT + OPENING + "The prices below are approximate.\n") == []


def test_a_status_line_is_short_and_stands_alone() -> None:
    line = "Searching for recent statistics on allotment rents…"
    assert [n for n, _ in trace_lines(FRONT + OPENING + line + CLOSING)] == [LINE]
    # the same words opening a long paragraph are a person's sentence
    long = line + " " + " ".join(["The council list had grown every year since 2019."] * 3)
    assert trace_lines(FRONT + OPENING + long + CLOSING) == []


def test_a_status_line_in_a_list_item_is_found_on_its_line() -> None:
    items = "- Rents rose 9%.\n- Fetching the council's fee table…\n- Water is extra.\n"
    assert [n for n, _ in trace_lines(FRONT + OPENING + items + CLOSING)] == [LINE + 1]


def test_an_offer_to_the_prompter_is_a_postamble_not_a_status_line(tmp_path) -> None:
    text = FRONT + OPENING + "Next: want me to add a section on caching?" + CLOSING
    assert trace_lines(text) == []
    (tmp_path / "post.md").write_text(text, encoding="utf-8")
    _, violations = run_json("--no-cache", "--select", "AI", str(tmp_path / "post.md"))
    assert [(v["line"], v["code"]) for v in violations] == [(LINE, "AI003")]  # one finding
    # a label with a step of its own is still a status line
    status = "Status: fetched 6 of 8 URLs (2 timed out)"
    assert [n for n, _ in trace_lines(FRONT + OPENING + status + CLOSING)] == [LINE]


def test_a_status_line_in_inline_code_or_a_code_block_is_left_alone() -> None:
    inline = "The button shows `Searching for sources…` while it waits.\n"
    fenced = "```text\nStatus: fetched 6 of 8 URLs (2 timed out)\n```\n"
    assert trace_lines(FRONT + OPENING + inline + CLOSING) == []
    assert trace_lines(FRONT + OPENING + fenced + CLOSING) == []


def test_shape_families_load_and_keywords_are_lowercase() -> None:
    shapes = (
        ACCESS,
        CONSEQUENCE,
        TOOL,
        REACT,
        PROCESS,
        STATUS,
        OBJECT,
        RESEARCH,
        TOKEN,
        PACE,
        NOTE,
    )
    for name in shapes:
        fam = family(name)
        assert fam.keywords and all(k == k.lower() for k in fam.keywords), name
        assert fam.patterns["start"] is not None or fam.patterns["anywhere"] is not None


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (  # a leading tool line goes with its blank line
            FRONT + '→ web_search("allotments") · 4 results · opened 2\n\n' + OPENING + "End.\n",
            FRONT + OPENING + "End.\n",
        ),
        (  # a status line goes whole, with the sentence after it
            FRONT
            + OPENING
            + "Status: fetched 4 of 6 URLs (2 timed out). Continuing with the draft.\n\n"
            + "Rents went up by 8% this year.\n",
            FRONT + OPENING + "Rents went up by 8% this year.\n",
        ),
        (  # a trace paragraph in the middle goes whole
            FRONT
            + OPENING
            + "The council page returned a 404, so the rents below are from memory.\n\n"
            + "Rents went up by 8% this year.\n",
            FRONT + OPENING + "Rents went up by 8% this year.\n",
        ),
    ],
    ids=["leading-tool-line", "status-line-with-continuation", "middle-access-paragraph"],
)
def test_fix_removes_the_trace_and_nothing_else(tmp_path, before: str, after: str) -> None:
    path = tmp_path / "post.md"
    path.write_text(before, encoding="utf-8")
    run_cli("check", "--no-cache", "--select", "AI002", "--fix", str(path), cwd=tmp_path)
    assert path.read_text(encoding="utf-8") == after
    run_cli("check", "--no-cache", "--select", "AI002", "--fix", str(path), cwd=tmp_path)
    assert path.read_text(encoding="utf-8") == after
    _, violations = run_json("--no-cache", "--select", "AI002", str(path), cwd=tmp_path)
    assert violations == []

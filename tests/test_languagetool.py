"""The LT rules against a stand-in LanguageTool server (see tests/languagetool_standin.py for
why it is a stand-in: no LanguageTool server can be installed on these machines)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

import postlint.languagetool as languagetool
from postlint.document import Document
from postlint.languagetool.annotate import build_chunks, utf16_len
from postlint.languagetool.client import Throttle
from tests.conftest import run_cli, run_process
from tests.languagetool_standin import StandInLanguageTool

POST = """\
---
title: Offsets
lang: en-US
---
# Their is a heading

Some **bold** and [a link](https://example.com/recieve "teh") then Their is more.
Run `teh recieve` now, see https://example.org/teh for café 🙂🙂 recieve.

> Quoted line one
> quoted teh line two.

```python
print("Their is code, recieve teh")
```

<div>Their is html</div>

| col | other |
|---|---|
| teh | ok |
"""

# (line, column, code) of every match the stand-in must produce, placed in the file.
EXPECTED = {
    (5, 3, "LT002"),  # heading text after `# `
    (7, 68, "LT002"),  # after emphasis and a link whose URL and title hold typos
    (8, 64, "LT001"),  # after inline code, a bare URL, an accent and two astral emoji
    (11, 10, "LT001"),  # the second line of a blockquote, after its `> `
    (21, 3, "LT001"),  # a table cell
}


@pytest.fixture(autouse=True)
def _fresh_run():
    """Each test is a new run: forget servers, failures and in-memory results."""
    languagetool.reset()
    yield
    languagetool.reset()


@pytest.fixture
def server():
    with StandInLanguageTool() as standin:
        yield standin


def project(tmp_path: Path, settings: str = "", files: dict[str, str] | None = None) -> Path:
    (tmp_path / "postlint.toml").write_text(
        'select = ["LT", "FM003"]\n[rules.FM003]\nkeys = ["title"]\n'
        f"[languagetool]\nretry-delay = 0.01\n{settings}",
        encoding="utf-8",
    )
    for name, text in (files if files is not None else {"posts/post.md": POST}).items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def lint(root: Path, *args: str) -> tuple[int, list[dict], str]:
    code, out, err = run_cli("check", "--output-format", "json", *args, cwd=root)
    return code, (json.loads(out) if out.strip() else []), err


def found(violations: list[dict]) -> set[tuple[int, int, str]]:
    return {(v["line"], v["column"], v["code"]) for v in violations}


def test_matches_map_to_file_line_and_column(tmp_path: Path, server) -> None:
    root = project(tmp_path)
    code, violations, err = lint(root, "--languagetool-url", server.url)
    assert (code, err) == (1, "")
    assert found(violations) == EXPECTED
    text = (root / "posts/post.md").read_text(encoding="utf-8").splitlines()
    for v in violations:  # the span covers exactly the matched words
        line = text[v["line"] - 1]
        assert line[v["column"] - 1 : v["end_column"] - 1] in ("Their is", "teh", "recieve")


def test_message_has_rule_id_category_and_at_most_three_suggestions(tmp_path, server) -> None:
    root = project(tmp_path)
    _, violations, _ = lint(root, "--languagetool-url", server.url)
    quoted = next(v for v in violations if v["line"] == 11)
    assert "MORFOLOGIK_RULE_EN_US" in quoted["message"]
    assert "Possible Typo" in quoted["message"]
    assert quoted["message"].endswith('suggestions: "the", "tech", "ten"')  # 4 offered


def test_only_prose_is_sent(tmp_path: Path, server) -> None:
    root = project(tmp_path)
    lint(root, "--languagetool-url", server.url)
    (request,) = server.checks()
    annotation = json.loads(request["data"])["annotation"]
    text = "".join(part.get("text", "") for part in annotation)
    assert "print(" not in text and "example.com" not in text and "title:" not in text
    assert "Their is html" not in text  # an HTML block is not prose
    plain = "".join(p.get("text", p.get("interpretAs", "")) for p in annotation)
    assert "Run Dummy now" in plain  # inline code reads as a word, not as a gap
    assert request["language"] == "en-US"


def test_annotated_offsets_count_utf16_units() -> None:
    text = "# T\n\n🙂 a 😀😀 b\n"
    doc = Document("x.md", text)
    (chunk,) = build_chunks(doc.text, doc.blocks, 1000)
    original = "".join(part.content for part in chunk.parts)
    b_units = utf16_len(original[: original.index("b")])
    assert b_units == original.index("b") + 3  # three astral characters before it
    start, end, exact = chunk.file_span(b_units, 1)
    assert (text[start:end], exact) == ("b", True)


def test_long_posts_are_split_under_the_limit_on_paragraph_boundaries(tmp_path, server) -> None:
    paragraphs = [f"Paragraph {i} says teh words again and again." for i in range(40)]
    post = "---\ntitle: Long\n---\n\n" + "\n\n".join(paragraphs) + "\n"
    root = project(tmp_path, "max-text-length = 200\n", {"long.md": post})
    server.max_text_length = 200  # the stand-in answers 413 to anything longer
    code, violations, err = lint(root, "--languagetool-url", server.url)
    assert (code, err) == (1, "")
    checks = server.checks()
    assert len(checks) >= 8
    for request in checks:
        annotation = json.loads(request["data"])["annotation"]
        texts = [p.get("text", p.get("interpretAs", "")) for p in annotation]
        assert sum(utf16_len(t) for t in texts) <= 200
        assert all(t.endswith(".") for t in "".join(texts).split("\n\n"))  # whole paragraphs
    assert sorted(v["line"] for v in violations) == [5 + 2 * i for i in range(40)]


def test_one_huge_paragraph_is_split_at_sentences(tmp_path, server) -> None:
    post = "---\ntitle: Wall\n---\n\n" + " ".join(["A sentence with teh typo."] * 30) + "\n"
    root = project(tmp_path, "max-text-length = 120\n", {"wall.md": post})
    server.max_text_length = 120
    code, violations, err = lint(root, "--languagetool-url", server.url)
    assert (code, err) == (1, "")
    assert [v["column"] for v in violations] == [17 + 26 * i for i in range(30)]


def test_backs_off_on_429_and_then_succeeds(tmp_path: Path, server) -> None:
    root = project(tmp_path)
    server.fail_next = [429, 426]
    started = time.monotonic()
    code, violations, err = lint(root, "--languagetool-url", server.url)
    assert (code, err) == (1, "")
    assert found(violations) == EXPECTED
    assert len(server.checks()) == 3  # two refusals, one answer
    assert time.monotonic() - started < 5


def test_rate_limit_exhausted_is_one_clear_error(tmp_path: Path, server) -> None:
    files = {f"posts/{i}.md": POST for i in range(3)}
    root = project(tmp_path, "retries = 2\n", files)
    server.always_fail = 429
    code, violations, err = lint(root, "--languagetool-url", server.url)
    assert code == 2
    assert err.count("postlint: error:") == 1
    assert "rate limiting (HTTP 429)" in err and "self-hosted" in err
    assert len(server.checks()) == 3  # one try and two retries, for the whole run
    assert not any(v["code"].startswith("LT") for v in violations)


def test_retry_after_too_long_gives_up_at_once(tmp_path: Path, server) -> None:
    root = project(tmp_path)
    server.always_fail, server.retry_after = 429, "3600"
    code, _, err = lint(root, "--languagetool-url", server.url)
    assert code == 2 and "rate limiting" in err
    assert len(server.checks()) == 1


def test_timeout_is_bounded_and_paid_once_per_run(tmp_path: Path, server) -> None:
    files = {f"posts/{i}.md": POST for i in range(4)}
    root = project(tmp_path, "timeout = 0.3\n", files)
    server.delay = 1.0
    started = time.monotonic()
    code, _, err = lint(root, "--languagetool-url", server.url)
    assert code == 2
    assert "did not answer within 0.3 s" in err and err.count("postlint: error:") == 1
    assert len(server.checks()) == 1
    assert time.monotonic() - started < 3


def test_second_run_sends_nothing_and_an_edit_sends_one_post(tmp_path: Path, server) -> None:
    # The key is what is sent (prose, language, settings): front matter alone never counts.
    files = {"posts/a.md": POST, "posts/b.md": POST.replace("Some", "More")}
    root = project(tmp_path, files=files)
    first = lint(root, "--languagetool-url", server.url)
    sent = len(server.requests)
    assert len(server.checks()) == 2
    languagetool.reset()  # a new process: only the disk cache remains
    second = lint(root, "--languagetool-url", server.url)
    assert second == first
    assert len(server.requests) == sent  # not even /v2/languages
    assert list((root / ".postlint_cache" / "languagetool").glob("*.json"))
    (root / "posts/b.md").write_text(POST + "\nA new paragraph.\n", encoding="utf-8")
    languagetool.reset()
    lint(root, "--languagetool-url", server.url)
    assert len(server.checks()) == 3


def test_changed_settings_are_not_served_from_the_cache(tmp_path: Path, server) -> None:
    root = project(tmp_path)
    lint(root, "--languagetool-url", server.url)
    config = root / "postlint.toml"
    config.write_text(config.read_text() + 'disabled-rules = ["THERE_IS"]\n')
    languagetool.reset()
    _, violations, _ = lint(root, "--languagetool-url", server.url)
    assert len(server.checks()) == 2
    assert server.checks()[1]["disabledRules"] == "THERE_IS"
    assert {v["code"] for v in violations} == {"LT001"}


def test_vocabulary_accepts_words_and_add_words_grows_it(tmp_path: Path, server) -> None:
    post = "---\ntitle: K\n---\n\nWe run Kubernetis and teh cluster.\n"
    root = project(tmp_path, files={"k.md": post})
    _, violations, _ = lint(root, "--languagetool-url", server.url)
    assert found(violations) == {(5, 8, "LT001"), (5, 23, "LT001")}
    code, out, _ = run_cli("add-words", "Kubernetis", cwd=root)
    assert code == 0 and "added 1 word" in out
    assert (root / "postlint-words.txt").read_text() == "Kubernetis\n"
    code, out, _ = run_cli("add-words", "Kubernetis", cwd=root)
    assert "added 0 words (1 already accepted)" in out
    _, violations, _ = lint(root, "--languagetool-url", server.url)
    assert found(violations) == {(5, 23, "LT001")}


def test_lowercase_vocabulary_entries_accept_any_case(tmp_path: Path, server) -> None:
    root = project(
        tmp_path,
        'vocabulary = "words/accept.txt"\n',
        {
            "k.md": "---\ntitle: K\n---\n\nTeh start, teh middle.\n",
            "words/accept.txt": "# jargon\nteh\n",
        },
    )
    _, violations, _ = lint(root, "--languagetool-url", server.url)
    assert violations == []


def test_single_suggestion_is_an_unsafe_fix(tmp_path: Path, server) -> None:
    root = project(tmp_path, files={"f.md": "---\ntitle: F\n---\n\nI recieve teh mail.\n"})
    lint(root, "--languagetool-url", server.url, "--fix")
    assert "recieve" in (root / "f.md").read_text()  # unsafe: not applied by --fix alone
    languagetool.reset()
    lint(root, "--languagetool-url", server.url, "--fix", "--unsafe-fixes")
    # "receive" had one suggestion; "teh" had four, so it is left to the author
    assert (root / "f.md").read_text().endswith("I receive teh mail.\n")


def test_unsupported_post_language_is_reported_at_its_key(tmp_path: Path, server) -> None:
    root = project(tmp_path, files={"x.md": "---\ntitle: X\nlang: xx\n---\n\nTheir is.\n"})
    code, violations, err = lint(root, "--languagetool-url", server.url)
    assert (code, err) == (1, "")
    assert found(violations) == {(3, 1, "LT002")}
    assert "'xx'" in violations[0]["message"]
    assert server.checks() == []


def test_post_lang_key_is_sent(tmp_path: Path, server) -> None:
    root = project(tmp_path, files={"x.md": "---\ntitle: X\nlang: de_DE\n---\n\nHallo.\n"})
    lint(root, "--languagetool-url", server.url)
    assert server.checks()[0]["language"] == "de-DE"


def test_config_url_with_v2_suffix_and_picky_and_mother_tongue(tmp_path, server) -> None:
    settings = f'url = "{server.url}/v2/"\npicky = true\nmother-tongue = "de-DE"\n'
    root = project(tmp_path, settings)
    code, violations, _ = lint(root)
    assert found(violations) == EXPECTED
    request = server.checks()[0]
    assert request["level"] == "picky" and request["motherTongue"] == "de-DE"


def test_not_configured_is_one_clear_error(tmp_path: Path) -> None:
    root = project(tmp_path, files={f"{i}.md": POST for i in range(3)})
    code, violations, err = lint(root)
    assert code == 2 and err.count("postlint: error:") == 1
    assert "no LanguageTool server is configured" in err and "--languagetool-url" in err


def test_a_server_that_is_not_languagetool(tmp_path: Path, server) -> None:
    root = project(tmp_path)
    code, _, err = lint(root, "--languagetool-url", server.url + "/elsewhere")
    assert code == 2 and "does not look like a LanguageTool server" in err


def test_local_mode_without_the_library_says_what_to_install(tmp_path: Path) -> None:
    # The real condition on these machines: language-tool-python is not installed.
    try:
        import language_tool_python  # noqa: F401
    except ImportError:
        pass
    else:  # pragma: no cover
        pytest.skip("language-tool-python is installed; this checks the message without it")
    root = project(tmp_path)
    code, _, err = lint(root, "--languagetool-url", "local")
    assert code == 2 and "postlint[languagetool-local]" in err


def test_rules_are_off_by_default_and_documented() -> None:
    _, out, _ = run_cli("rules", "--output-format", "json")
    rules = {r["code"]: r for r in json.loads(out)}
    assert rules["LT001"]["default"] == "no" and rules["LT002"]["default"] == "no"
    _, doc, _ = run_cli("rule", "LT001")
    assert "--select LT001" in doc and "`vocabulary`" in doc


def test_throttle_keeps_requests_and_bytes_per_minute() -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    throttle = Throttle(2, 1000, clock=lambda: now[0], sleep=sleep)
    throttle.wait(100)
    throttle.wait(100)
    assert slept == []
    throttle.wait(100)  # third request in the minute waits for the first to age out
    assert slept == [60.0]
    throttle = Throttle(0, 1000, clock=lambda: now[0], sleep=sleep)
    throttle.wait(900)
    now[0] += 10
    throttle.wait(200)  # 1100 bytes would exceed the minute's 1000
    assert slept[-1] == pytest.approx(50.0)
    throttle.wait(5000)  # larger than the limit alone: sent once the window is empty
    assert now[0] >= 120


def test_end_to_end_process_reports_matches(tmp_path: Path, server) -> None:
    root = project(tmp_path)
    proc = run_process(
        "check",
        "--select",
        "LT",
        "--languagetool-url",
        server.url,
        "--output-format",
        "json",
        "posts/",
        cwd=root,
    )
    assert proc.returncode == 1, proc.stderr
    assert found(json.loads(proc.stdout)) == EXPECTED


def test_end_to_end_closed_port_still_reports_other_families(tmp_path: Path) -> None:
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    files = {f"posts/{i}.md": POST.replace("title: Offsets\n", "") for i in range(3)}
    root = project(tmp_path, files=files)
    proc = run_process(
        "check",
        "--select",
        "LT,FM003",
        "--languagetool-url",
        f"http://127.0.0.1:{port}",
        "posts/",
        cwd=root,
    )
    assert proc.returncode == 2
    errors = [line for line in proc.stderr.splitlines() if line.startswith("postlint: error:")]
    assert len(errors) == 1, proc.stderr
    assert f"cannot reach LanguageTool at http://127.0.0.1:{port}" in errors[0]
    assert "Traceback" not in proc.stderr
    reported = [line for line in proc.stdout.splitlines() if ": FM003 " in line]
    assert len(reported) == 3  # the other family still reports, for every file


def test_closed_port_never_reads_as_a_clean_pass(tmp_path: Path) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    root = project(tmp_path, files={"posts/a.md": POST})
    proc = run_process(
        "check",
        "--select",
        "LT",
        "--languagetool-url",
        f"http://127.0.0.1:{port}",
        "posts/",
        cwd=root,
    )
    assert proc.returncode == 2
    assert "All checks passed" not in proc.stdout
    assert "some rules could not run" in proc.stdout


MARKDOWN_EDGES = (
    "---\ntitle: x\n---\n\nFish &amp; chips \\*teh\\* and recieve.  \nHard break teh line.\n\n"
    "- item teh one\n  - nested *recieve* two\n\n1. Their is ordered\n\n"
    "## Heading `code` teh\n\nWord&nbsp;teh &copy; recieve\n"
)


@pytest.mark.parametrize("newline,bom", [("\n", b""), ("\r\n", b""), ("\n", b"\xef\xbb\xbf")])
def test_entities_escapes_lists_and_line_endings_map_exactly(tmp_path, server, newline, bom):
    root = project(tmp_path, files={})
    (root / "edges.md").write_bytes(bom + MARKDOWN_EDGES.replace("\n", newline).encode())
    _, violations, _ = lint(root, "--languagetool-url", server.url)
    lines = MARKDOWN_EDGES.splitlines()
    spans = sorted(
        (v["line"], lines[v["line"] - 1][v["column"] - 1 : v["end_column"] - 1]) for v in violations
    )
    assert spans == sorted(
        [
            (5, "teh"),
            (5, "recieve"),
            (6, "teh"),
            (8, "teh"),
            (9, "recieve"),
            (11, "Their is"),
            (13, "teh"),
            (15, "teh"),
            (15, "recieve"),
        ]
    )


def test_public_api_is_throttled_to_its_limits_and_others_are_not() -> None:
    from postlint.languagetool.checker import Settings, _session

    public = _session(Settings(url="https://api.languagetool.org/v2"), "en-US").client
    assert public.url == "https://api.languagetool.org"
    assert (public.throttle.requests_per_minute, public.throttle.bytes_per_minute) == (20, 75_000)
    own = _session(Settings(url="http://localhost:8010", requests_per_minute=5), "en-US").client
    assert (own.throttle.requests_per_minute, own.throttle.bytes_per_minute) == (5, 0)


def test_local_mode_talks_to_the_server_language_tool_python_started(
    tmp_path: Path, server, monkeypatch
) -> None:
    # A fake language_tool_python: the real one downloads LanguageTool from the internet,
    # which these machines cannot reach. It "starts" the stand-in, as the library would
    # start a local server, and postlint must send its annotated text there.
    import sys
    import types

    import postlint.languagetool.local as local

    started: list[str] = []

    class FakeLanguageTool:
        def __init__(self, language: str) -> None:
            started.append(language)
            self.url = server.url + "/v2/"  # the library's url property ends in /v2/

        def close(self) -> None:
            started.append("closed")

    fake = types.ModuleType("language_tool_python")
    fake.LanguageTool = FakeLanguageTool
    monkeypatch.setitem(sys.modules, "language_tool_python", fake)
    monkeypatch.setattr(local.shutil, "which", lambda name: "/usr/bin/" + name)
    monkeypatch.setattr(local, "_servers", {})
    monkeypatch.setattr(local.atexit, "register", lambda f, *a: started.append("atexit"))
    root = project(tmp_path)
    code, violations, err = lint(root, "--languagetool-url", "local")
    assert (code, err) == (1, "")
    assert found(violations) == EXPECTED
    assert started == ["en-US", "atexit"]  # started once, closed when the process exits
    assert len(server.checks()) == 1 and "data" in server.checks()[0]

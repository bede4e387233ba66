"""The result cache: hits give exactly what a fresh run gives; content, config, rule sources,
option files and the postlint version invalidate; damaged or unwritable caches never break a run.

Which files were linted (rather than answered from the cache) is observed with a spy that
wraps the real ``lint_file`` the runner calls: these runs are small, so they lint in-process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import postlint
from postlint.cache import CACHE_DIR_NAME, Bucket
from tests.conftest import run_cli

POST = """---
title: A post
date: 2024-05-01
tags: [python]
---

Here is the complete article:

This sentence is fine and short. It says little, and that is the point of it.
"""
NO_TAGS = """---
title: Untagged
date: 2024-05-02
---

A short post with no tags at all, written in plain words.
"""


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()  # the repository root: local plugins must live inside it
    (tmp_path / "postlint.toml").write_text("", encoding="utf-8")
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "a.md").write_text(POST, encoding="utf-8")
    (posts / "b.md").write_text(NO_TAGS, encoding="utf-8")
    (posts / "c.md").write_text(POST.replace("python", "rust"), encoding="utf-8")
    return tmp_path


@pytest.fixture
def linted(monkeypatch) -> list[str]:
    """Display paths of the files that were really linted (not answered from the cache)."""
    import postlint.runner

    calls: list[str] = []
    real = postlint.runner.lint_file

    def spy(path, display, *args, **kwargs):
        calls.append(display)
        return real(path, display, *args, **kwargs)

    monkeypatch.setattr(postlint.runner, "lint_file", spy)
    return calls


def age(path: Path, seconds: float = 60) -> None:
    """Date a file back, as an edit made a while ago (outside the racy window)."""
    when = path.stat().st_mtime_ns - int(seconds * 1e9)
    os.utime(path, ns=(when, when))


def age_all(root: Path) -> None:
    for post in root.rglob("*.md"):
        age(post)


def check_json(root: Path, *args: str) -> tuple[int, list[dict]]:
    code, out, err = run_cli("check", "--output-format", "json", *args, cwd=root)
    assert code in (0, 1), (code, out, err)
    return code, json.loads(out)


def test_warm_run_lints_nothing_and_reports_exactly_the_fresh_results(blog, linted):
    age_all(blog)
    fresh = check_json(blog, "--no-cache")
    assert sorted(linted) == ["posts/a.md", "posts/b.md", "posts/c.md"]
    assert not (blog / CACHE_DIR_NAME).exists()  # --no-cache writes nothing either

    linted.clear()
    cold = check_json(blog)
    assert len(linted) == 3
    linted.clear()
    warm = check_json(blog)
    assert linted == []
    assert warm == cold == fresh
    assert any(v["fix"] for v in warm[1]), "fix metadata must survive the cache"
    codes = {v["code"] for v in warm[1]}
    assert {"AI001", "FM004"} <= codes


def test_cache_dir_is_tagged_json_and_ignored_by_git(blog):
    check_json(blog)
    cache = blog / CACHE_DIR_NAME
    assert (cache / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert (cache / "CACHEDIR.TAG").read_text(encoding="utf-8").startswith("Signature: 8a477f59")
    buckets = list((cache / postlint.__version__).glob("*.json"))
    assert len(buckets) == 1
    entries = json.loads(buckets[0].read_bytes())["entries"]  # JSON, never pickle
    assert sorted(Path(p).name for p in entries) == ["a.md", "b.md", "c.md"]


def test_changed_content_is_linted_again(blog, linted):
    age_all(blog)
    check_json(blog)
    post = blog / "posts" / "b.md"
    post.write_text(NO_TAGS.replace("---\n\n", "tags: [go]\n---\n\n"), encoding="utf-8")
    linted.clear()
    _, violations = check_json(blog)
    assert linted == ["posts/b.md"]
    assert not [v for v in violations if v["path"] == "posts/b.md" and v["code"] == "FM004"]


def test_same_size_and_mtime_edit_within_the_racy_window_is_caught(blog, linted):
    """An edit that keeps size and mtime (coarse file-system clock) right after a run."""
    post = blog / "posts" / "a.md"
    check_json(blog)  # the entry is recorded within the racy window of the file's mtime
    stat = post.stat()
    post.write_text(
        POST.replace("Here is the complete article:", "Here is the plain old intro!:"),
        encoding="utf-8",
    )
    assert post.stat().st_size == stat.st_size
    os.utime(post, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    linted.clear()
    _, violations = check_json(blog)
    assert linted == ["posts/a.md"]
    assert not [v for v in violations if v["path"] == "posts/a.md" and v["code"] == "AI001"]


def test_touched_but_unchanged_file_is_a_hit_by_content(blog, linted):
    age_all(blog)
    _, before = check_json(blog)
    post = blog / "posts" / "a.md"
    os.utime(post)  # a checkout or an editor that saved without changes
    age(post, 30)
    linted.clear()
    _, after = check_json(blog)
    assert linted == [] and after == before
    linted.clear()
    check_json(blog)  # the new mtime was recorded: now a hit without reading
    assert linted == []


def test_config_change_invalidates(blog, linted):
    age_all(blog)
    check_json(blog)
    (blog / "postlint.toml").write_text('ignore = ["FM004"]\n', encoding="utf-8")
    linted.clear()
    _, violations = check_json(blog)
    assert len(linted) == 3
    assert "FM004" not in {v["code"] for v in violations}
    (blog / "postlint.toml").write_text("", encoding="utf-8")
    linted.clear()
    _, violations = check_json(blog)
    assert linted == []  # the first config's bucket is still there
    assert "FM004" in {v["code"] for v in violations}


def test_command_line_selection_invalidates(blog, linted):
    age_all(blog)
    _, everything = check_json(blog)
    linted.clear()
    _, only_fm = check_json(blog, "--select", "FM")
    assert len(linted) == 3
    assert {v["code"][:2] for v in only_fm} == {"FM"}
    assert {v["code"][:2] for v in everything} > {"FM"}


def test_version_change_invalidates(blog, linted, monkeypatch):
    age_all(blog)
    check_json(blog)
    monkeypatch.setattr(postlint, "__version__", "999.0.0")
    linted.clear()
    check_json(blog)
    assert len(linted) == 3
    assert (blog / CACHE_DIR_NAME / "999.0.0").is_dir()


def run_json_process(root: Path, *args: str) -> list[dict]:
    """A real process: rules that memoise files they read (FM005's vocabulary) start afresh."""
    proc = subprocess.run(
        [sys.executable, "-m", "postlint", "check", "--output-format", "json", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


def test_vocabulary_file_change_invalidates(blog):
    (blog / "postlint.toml").write_text(
        '[rules.FM005]\nvocabulary-file = "tags.txt"\n', encoding="utf-8"
    )
    vocabulary = blog / "tags.txt"
    vocabulary.write_text("python\n", encoding="utf-8")
    age_all(blog)
    before = run_json_process(blog, "--select", "FM005")
    assert [v["path"] for v in before] == ["posts/c.md"]  # rust is unknown
    vocabulary.write_text("rust\n", encoding="utf-8")
    after = run_json_process(blog, "--select", "FM005")
    assert [v["path"] for v in after] == ["posts/a.md"]


PLUGIN = '''
from postlint.rule import Rule


class Shout(Rule):
    """Flags a word."""

    code = "XS001"
    name = "shout"
    summary = "Flags a word"

    def check(self, doc, options):
        if "WORD" in doc.text:
            yield self.at_line(doc, 1, "MESSAGE")
'''


def test_editing_a_rule_module_invalidates(blog):
    """Plugins are imported once per process, so each run is a real process here."""
    plugin = blog / "shout.py"
    plugin.write_text(PLUGIN.replace("WORD", "article").replace("MESSAGE", "first"))
    (blog / "postlint.toml").write_text('plugins = ["shout.py"]\nselect = ["XS"]\n')
    age_all(blog)

    def messages() -> set[str]:
        return {v["message"] for v in run_json_process(blog, ".")}

    assert messages() == {"first"}
    plugin.write_text(PLUGIN.replace("WORD", "article").replace("MESSAGE", "second one"))
    assert messages() == {"second one"}


CRASHING = '''
from postlint.rule import Rule


class Boom(Rule):
    """Raises."""

    code = "XB001"
    name = "boom"
    summary = "Raises"

    def check(self, doc, options):
        raise RuntimeError("boom")
'''


def test_internal_errors_are_not_cached(blog, linted):
    (blog / "boom.py").write_text(CRASHING)
    (blog / "postlint.toml").write_text('plugins = ["boom.py"]\n')
    age_all(blog)
    code, _, _ = run_cli("check", ".", cwd=blog)
    assert code == 2
    linted.clear()
    code, out, _ = run_cli("check", ".", cwd=blog)
    assert code == 2 and "PL003" in out
    assert len(linted) == 3


def test_diff_after_a_plain_check_still_prints_the_diff(blog):
    age_all(blog)
    check_json(blog)
    code, out, _ = run_cli("check", "--diff", "--unsafe-fixes", "posts/a.md", cwd=blog)
    assert code == 1 and out.startswith("--- a/posts/a.md")


def test_default_location_is_next_to_the_config_file(blog):
    run_cli("check", ".", cwd=blog / "posts")
    assert (blog / CACHE_DIR_NAME).is_dir()
    assert not (blog / "posts" / CACHE_DIR_NAME).exists()


def test_default_location_without_config_is_the_working_directory(tmp_path):
    (tmp_path / "p.md").write_text(POST, encoding="utf-8")
    run_cli("check", ".", cwd=tmp_path)
    assert (tmp_path / CACHE_DIR_NAME).is_dir()


def test_cache_dir_option_and_environment_variable(blog, monkeypatch):
    run_cli("check", "--cache-dir", "elsewhere/cache", ".", cwd=blog)
    assert (blog / "elsewhere" / "cache" / postlint.__version__).is_dir()
    monkeypatch.setenv("POSTLINT_CACHE_DIR", str(blog / "from-env"))
    run_cli("check", ".", cwd=blog)
    assert (blog / "from-env" / postlint.__version__).is_dir()
    assert not (blog / CACHE_DIR_NAME).exists()


def test_cache_folder_is_never_linted(blog):
    run_cli("check", ".", cwd=blog)
    stray = blog / CACHE_DIR_NAME / "stray.md"
    stray.write_text(NO_TAGS, encoding="utf-8")
    _, violations = check_json(blog)
    assert CACHE_DIR_NAME not in {Path(v["path"]).parts[0] for v in violations}


def test_damaged_cache_is_ignored_and_rewritten(blog, linted):
    age_all(blog)
    _, fresh = check_json(blog)
    bucket = next((blog / CACHE_DIR_NAME / postlint.__version__).glob("*.json"))
    for damage in (b"\x00garbage{", b'{"format": 1, "entries": {"x": 5}}', b"[]"):
        bucket.write_bytes(damage)
        linted.clear()
        assert check_json(blog) == (1, fresh)
        assert len(linted) == 3
    entries = json.loads(bucket.read_bytes())["entries"]
    assert len(entries) == 3


def test_unwritable_cache_warns_and_the_run_goes_on(blog):
    (blog / "a-file").write_text("not a folder")
    code, out, err = run_cli("check", "--cache-dir", "a-file/cache", ".", cwd=blog)
    assert code == 1 and "FM004" in out
    assert "postlint: warning: cannot write cache" in err and "Traceback" not in err


def test_concurrent_savers_merge_instead_of_losing_entries(tmp_path):
    """Two processes that loaded the same bucket: the later save keeps the earlier's entries."""
    file = tmp_path / "bucket.json"
    first, second = Bucket(file), Bucket(file)
    first.entries["/a.md"] = [1, 2, 3, "d1", []]
    first.changed.add("/a.md")
    second.entries["/b.md"] = [4, 5, 6, "d2", []]
    second.changed.add("/b.md")
    first.save()
    second.save()
    assert set(Bucket(file).entries) == {"/a.md", "/b.md"}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".tmp-")]


def test_concurrent_processes_leave_a_valid_cache(blog):
    for n in range(30):
        (blog / "posts" / f"extra-{n:02d}.md").write_text(f"{POST}\nPost {n}.\n")
    age_all(blog)
    command = [sys.executable, "-m", "postlint", "check", "--output-format", "json", "-j", "1"]
    procs = [
        subprocess.Popen(
            [*command, "posts"], cwd=blog, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(3)
    ]
    outputs = [proc.communicate(timeout=120) for proc in procs]
    assert all(proc.returncode == 1 for proc in procs), outputs
    assert len({out for out, _ in outputs}) == 1
    bucket = next((blog / CACHE_DIR_NAME / postlint.__version__).glob("*.json"))
    assert len(json.loads(bucket.read_bytes())["entries"]) == 33
    _, warm = check_json(blog, "posts")
    assert warm == json.loads(outputs[0][0])


def test_a_rule_packages_data_files_are_part_of_the_key(tmp_path, monkeypatch):
    """Phrase lists and tables beside a rule's module change results as much as its code."""
    from postlint import cache
    from postlint.config import CliOverrides, RuleSet, Settings
    from postlint.registry import Registry

    package = tmp_path / "house_rules"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "words.txt").write_text("banana\n")
    (package / "word.py").write_text(
        "from postlint.rule import Rule\n\n"
        "class Word(Rule):\n    code = 'HW001'\n    name = 'word'\n    summary = 's'\n\n"
        "    def check(self, doc, options):\n        return ()\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    from house_rules.word import Word

    ruleset = RuleSet(Settings(root=tmp_path), Registry([Word]), CliOverrides())

    def stamps() -> list[str]:
        cache._folder_stamps_cached.cache_clear()
        return cache._source_stamps(ruleset)

    before = stamps()
    assert any(s.startswith(str(package / "words.txt")) for s in before)
    (package / "words.txt").write_text("banana\ncherry\n")
    assert stamps() != before

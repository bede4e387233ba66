"""`--diff-base REF` on a real temporary git history."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from postlint.gitdiff import parse_unified_diff, unquote_path
from tests.conftest import run_cli, run_process

PLUGIN = Path(__file__).parent / "data" / "fix_plugin.py"
FRONT = "---\ntitle: T\ndate: 2024-01-01\ntags: [x]\n---\n\n"
UNTAGGED = "---\ntitle: T\ndate: 2024-01-01\n---\n\n"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def repo(tmp_path: Path, write) -> Path:
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "user.email", "test@example.com")
    git(tmp_path, "config", "user.name", "Test")
    git(tmp_path, "config", "commit.gpgsign", "false")
    write("postlint.toml", 'plugins = ["fix_plugin.py"]\nselect = ["FM", "TS"]\n')
    write("fix_plugin.py", PLUGIN.read_text(encoding="utf-8"))
    write("posts/old.md", FRONT + "Old shouting!!\n\nOld paragraph.\n")
    write("posts/untagged.md", UNTAGGED + "Never had tags!!\n")
    write("posts/untouched.md", FRONT + "Untouched!!\n")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "old blog")
    return tmp_path


def found(repo: Path, *args: str) -> tuple[int, set[tuple[str, int, str]]]:
    code, out, err = run_cli("check", "--output-format", "json", *args, cwd=repo)
    assert code in (0, 1), (code, out, err)
    return code, {(v["path"], v["line"], v["code"]) for v in json.loads(out)}


def test_only_changed_lines_and_file_level_findings_of_changed_files(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "feature")
    (repo / "posts/old.md").write_text(
        FRONT + "Old shouting!!\n\nOld paragraph, edited!!\nA new line!!\n", encoding="utf-8"
    )
    (repo / "posts/untagged.md").write_text(
        UNTAGGED + "Never had tags!!\n\nMore.\n", encoding="utf-8"
    )
    git(repo, "commit", "-q", "-am", "edit two posts")
    (repo / "posts/new.md").write_text(FRONT + "Brand new!!\n", encoding="utf-8")  # untracked

    everything = found(repo, "posts")[1]
    assert ("posts/untouched.md", 7, "TS002") in everything
    assert ("posts/old.md", 7, "TS002") in everything

    code, reported = found(repo, "--diff-base", "main", "posts")
    assert code == 1
    assert reported == {
        ("posts/old.md", 9, "TS002"),  # changed line
        ("posts/old.md", 10, "TS002"),  # added line
        ("posts/untagged.md", 1, "FM004"),  # file-level finding of a changed file
        ("posts/new.md", 7, "TS002"),  # an untracked file is new everywhere
    }


def test_uncommitted_changes_count_and_a_clean_branch_passes(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "feature")
    assert found(repo, "--diff-base", "main", "posts") == (0, set())
    post = repo / "posts/untouched.md"
    post.write_text(post.read_text(encoding="utf-8") + "Unstaged!!\n", encoding="utf-8")
    assert found(repo, "--diff-base", "main", "posts") == (1, {("posts/untouched.md", 8, "TS002")})


def test_changes_on_the_base_after_the_branch_point_are_not_the_branchs(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "feature")
    (repo / "posts/untouched.md").write_text(FRONT + "Untouched!!\nBranch!!\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "branch work")
    git(repo, "checkout", "-q", "main")
    (repo / "posts/old.md").write_text(FRONT + "Main moved on!!\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "main work")
    git(repo, "checkout", "-q", "feature")
    # Compared with the merge base, not with the tip of main: old.md is not this branch's.
    assert found(repo, "--diff-base", "main", "posts")[1] == {("posts/untouched.md", 8, "TS002")}


def test_lines_that_look_like_diff_headers_and_odd_names(repo: Path) -> None:
    name = 'posts/tab\tand "quote" ü.md'
    (repo / name).write_text(FRONT + "++ plus!!\n--- minus!!\n", encoding="utf-8")
    git(repo, "add", name)
    git(repo, "commit", "-q", "-m", "odd")
    git(repo, "checkout", "-q", "-b", "feature")
    (repo / name).write_text(
        FRONT + "++ plus!!\n--- minus!!\n+++ b/posts/old.md!!\n", encoding="utf-8"
    )
    assert found(repo, "--diff-base", "main", "posts")[1] == {(name, 9, "TS002")}


def test_unknown_ref_and_no_repository_exit_2(repo: Path, tmp_path_factory) -> None:
    proc = run_process("check", "--diff-base", "no-such-branch", "posts", cwd=repo)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "'no-such-branch' is not a commit, branch or tag" in proc.stderr
    outside = tmp_path_factory.mktemp("not-a-repo")
    (outside / "a.md").write_text(FRONT + "x\n", encoding="utf-8")
    proc = run_process("check", "--diff-base", "main", "a.md", cwd=outside)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "not a git repository" in proc.stderr


def test_parse_unified_diff_counts_hunk_lines() -> None:
    diff = (
        "diff --git a/x.md b/x.md\n--- a/x.md\n+++ b/x.md\n"
        "@@ -3 +3,2 @@\n-old\n+++ b/evil.md\n+@@ -1 +100,5 @@\n"
        "@@ -10,2 +11,0 @@\n-gone\n-gone too\n"
        "diff --git a/y.md b/y.md\ndeleted file mode 100644\n--- a/y.md\n+++ /dev/null\n"
        "@@ -1 +0,0 @@\n-bye\n"
        "--- a/with space.md\t\n+++ b/with space.md\t\n@@ -5,0 +6 @@\n+new\n"
    )
    assert parse_unified_diff(diff) == {"x.md": {3, 4}, "with space.md": {6}}
    assert unquote_path('"b/a\\tb \\"q\\" \\303\\274.md"') == 'b/a\tb "q" ü.md'
    assert unquote_path("b/plain name.md") == "b/plain name.md"


def test_a_file_level_rule_fires_when_only_the_body_changed(repo: Path) -> None:
    """RT001 is reported on the `read_time` line, but a body edit is what made it wrong."""
    post = repo / "posts/timed.md"
    claim = "---\ntitle: T\ndate: 2024-01-01\ntags: [x]\nread_time: 1\n---\n\n"
    post.write_text(claim + "Short.\n", encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "timed post")
    git(repo, "checkout", "-q", "-b", "feature")
    post.write_text(claim + "Short.\n\n" + "word " * 2000 + "\n", encoding="utf-8")
    reported = found(repo, "--diff-base", "main", "--select", "RT001", "posts")[1]
    assert reported == {("posts/timed.md", 5, "RT001")}

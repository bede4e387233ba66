"""The pre-commit hooks, run for real: `pre-commit try-repo <project root> <hook>`.

pre-commit builds the hook's environment from this repository and the package index (about
15 s per run here), exactly as it does in an author's repository. try-repo uses the project's
HEAD commit when the work tree is clean (as in CI). When it is not, try-repo's own shadow
copy takes tracked files only, so a half-added module breaks the build; the test then tries a
snapshot repository of the whole work tree (tracked and untracked files) instead.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

CLEAN = "---\ntitle: Clean\ndate: 2024-01-01\ntags: [coffee]\n---\n\nA short, clean post.\n"
UNTAGGED = "---\ntitle: Untagged\ndate: 2024-01-01\n---\n\nNo tags here.\n"
# RT001 (read time) is fixable and safe: "12" over a three-word body becomes "1".
SLOW = "---\ntitle: Slow\ndate: 2024-01-01\ntags: [x]\nread_time: 12\n---\n\nA short post.\n"
# AI003, a drafting artifact with a safe fix: the closing offer to the prompter is deleted.
DRAFT_BODY = "---\ntitle: Draft\ndate: 2024-01-01\ntags: [x]\n---\n\nThe body is fine.\n"
DRAFT = DRAFT_BODY + "\nLet me know if you would like me to expand any section!\n"


def git(cwd: Path, *args: str) -> str:
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.com",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.com",
    )
    return subprocess.run(
        ["git", "-c", "commit.gpgsign=false", *args],
        cwd=cwd,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> Path:
    """The repository pre-commit installs the hooks from."""
    if not git(ROOT, "status", "--porcelain"):
        return ROOT
    snapshot = tmp_path_factory.mktemp("postlint-snapshot")
    listed = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():  # listed but deleted in the work tree: leave it out
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, snapshot / name)
    git(snapshot, "init", "-q")
    git(snapshot, "add", "-A")
    git(snapshot, "commit", "-q", "-m", "snapshot of the work tree")
    return snapshot


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    repo = tmp_path / "blog"
    (repo / "posts").mkdir(parents=True)
    (repo / "posts" / "bad.md").write_text(UNTAGGED, encoding="utf-8")
    (repo / "posts" / "clean.md").write_text(CLEAN, encoding="utf-8")
    (repo / "posts" / "slow.md").write_text(SLOW, encoding="utf-8")
    (repo / "posts" / "draft.md").write_text(DRAFT, encoding="utf-8")
    (repo / "notes.txt").write_text("not a post\n", encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "posts")
    return repo


def try_repo(blog: Path, hook_repo: Path, hook: str, *args: str) -> subprocess.CompletedProcess:
    env = dict(
        os.environ, PRE_COMMIT_HOME=str(blog.parent / "pre-commit-home"), PRE_COMMIT_COLOR="never"
    )
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), hook, *args],
        cwd=blog,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_postlint_hook_fails_on_the_bad_post_with_code_and_line(
    blog: Path, hook_repo: Path
) -> None:
    proc = try_repo(blog, hook_repo, "postlint", "--all-files")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "postlint" in proc.stdout and "Failed" in proc.stdout
    assert "posts/bad.md:1:1: FM004 [error]" in proc.stdout
    assert "posts/slow.md:5:1: RT001" in proc.stdout
    assert "posts/draft.md:9:1: AI003" in proc.stdout
    assert "clean.md:" not in proc.stdout and "notes.txt" not in proc.stdout


def test_postlint_hook_passes_on_the_clean_post(blog: Path, hook_repo: Path) -> None:
    proc = try_repo(blog, hook_repo, "postlint", "--files", "posts/clean.md")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Passed" in proc.stdout


def test_postlint_fix_hook_fixes_the_fixable_violations(blog: Path, hook_repo: Path) -> None:
    proc = try_repo(blog, hook_repo, "postlint-fix", "--all-files")
    # Fails: a file was modified (pre-commit's rule) and bad.md still has no tags.
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "files were modified by this hook" in proc.stdout
    assert (blog / "posts" / "slow.md").read_text(encoding="utf-8") == SLOW.replace(
        "read_time: 12", "read_time: 1"
    )
    assert (blog / "posts" / "draft.md").read_text(encoding="utf-8") == DRAFT_BODY
    assert "posts/draft.md: fixed AI003" in proc.stdout
    assert (blog / "posts" / "bad.md").read_text(encoding="utf-8") == UNTAGGED
    assert (blog / "posts" / "clean.md").read_text(encoding="utf-8") == CLEAN
    assert "posts/bad.md:1:1: FM004" in proc.stdout


def _readme_yaml_blocks() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```yaml\n(.*?)```", text, flags=re.S)


def test_readme_snippets_parse_and_name_real_hooks_and_options() -> None:
    import yaml

    from tests.conftest import run_cli

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"] for h in hooks} == {"postlint", "postlint-fix"}
    assert all(h["language"] == "python" and h["types_or"] == ["markdown", "mdx"] for h in hooks)

    blocks = [yaml.safe_load(block) for block in _readme_yaml_blocks()]
    precommit = next(b for b in blocks if "repos" in b)
    named = {hook["id"] for repo in precommit["repos"] for hook in repo["hooks"]}
    assert named <= {h["id"] for h in hooks}

    _, help_text, _ = run_cli("check", "--help")
    known = set(re.findall(r"--[a-z][a-z-]*", help_text))
    commands = [
        line
        for block in _readme_yaml_blocks()
        for line in block.splitlines()
        if "postlint check" in line
    ]
    assert len(commands) >= 3  # GitHub annotations, SARIF, GitLab JUnit
    for block in _readme_yaml_blocks():
        for option in set(re.findall(r"postlint check.*", block.replace("\n        ", " "))):
            for flag in re.findall(r"(--[a-z-]+)", option):
                assert flag in known, flag

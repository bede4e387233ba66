"""Which files a folder run lints: include globs, excludes, .gitignore, relative paths."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_json

BAD = "---\ntitle: T\ndate: 2024-01-01\n---\n"


def linted(tmp_path: Path, *args: str) -> set[str]:
    _, violations = run_json("--select", "FM004", *args, cwd=tmp_path)
    return {v["path"] for v in violations}


def test_include_globs_and_default_excludes(tmp_path: Path, write) -> None:
    for name in (
        "a.md",
        "b.markdown",
        "c.mdx",
        "d.txt",
        "node_modules/x.md",
        ".git/y.md",
        "sub/deep/e.md",
    ):
        write(name, BAD)
    assert linted(tmp_path, ".") == {"a.md", "b.markdown", "c.mdx", "sub/deep/e.md"}


def test_gitignore_and_extend_exclude(tmp_path: Path, write) -> None:
    (tmp_path / ".git").mkdir()
    write(".gitignore", "drafts/\n*.tmp.md\n")
    write("sub/.gitignore", "private.md\n")
    write("postlint.toml", 'extend-exclude = ["archive/**"]\n')
    for name in (
        "a.md",
        "drafts/b.md",
        "c.tmp.md",
        "sub/private.md",
        "sub/public.md",
        "archive/2019/old.md",
    ):
        write(name, BAD)
    assert linted(tmp_path, ".") == {"a.md", "sub/public.md"}
    write("postlint.toml", 'respect-gitignore = false\nextend-exclude = ["archive/**"]\n')
    assert linted(tmp_path, ".") == {
        "a.md",
        "drafts/b.md",
        "c.tmp.md",
        "sub/private.md",
        "sub/public.md",
    }


def test_explicit_files_are_linted_whatever_their_name(tmp_path: Path, write) -> None:
    write("notes.txt", BAD)
    assert linted(tmp_path, "notes.txt") == {"notes.txt"}


def test_paths_are_relative_to_the_working_directory(tmp_path: Path, write) -> None:
    write("blog/posts/a.md", BAD)
    assert linted(tmp_path / "blog", "posts") == {"posts/a.md"}
    assert linted(tmp_path / "blog", str(tmp_path / "blog" / "posts")) == {"posts/a.md"}


def test_symlink_loop_does_not_hang(tmp_path: Path, write) -> None:
    write("a/post.md", BAD)
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a", target_is_directory=True)
    assert linted(tmp_path, ".") == {"a/post.md"}


def test_a_file_reached_twice_is_linted_once(tmp_path: Path, write) -> None:
    write("posts/a.md", BAD)
    write("posts/sub/b.md", BAD)
    (tmp_path / "alias").symlink_to(tmp_path / "posts", target_is_directory=True)
    (tmp_path / "posts" / "link.md").symlink_to(tmp_path / "posts" / "a.md")
    _, violations = run_json("--select", "FM004", "posts", "posts/sub/b.md", "alias", cwd=tmp_path)
    # The folder symlink is not followed; link.md is the same file as a.md; b.md is named twice.
    assert sorted(v["path"] for v in violations) == ["posts/a.md", "posts/sub/b.md"]


def test_excludes_match_relative_to_the_config_folder_at_any_depth(tmp_path: Path, write) -> None:
    write("blog/postlint.toml", 'extend-exclude = ["drafts/", "2023/old-*.md"]\n')
    for name in ("drafts/x.md", "2023/old-a.md", "2023/new-b.md", "sub/drafts/y.md"):
        write(f"blog/{name}", BAD)
    assert linted(tmp_path / "blog", ".") == {"2023/new-b.md"}

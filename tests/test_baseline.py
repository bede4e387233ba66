"""`--write-baseline` / `--baseline`: adopt postlint on an old blog, fail only on new findings."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli, run_process

PLUGIN = Path(__file__).parent / "data" / "fix_plugin.py"
FRONT = "---\ntitle: T\ndate: 2024-01-01\ntags: [x]\n---\n\n"


def setup(write) -> None:
    write("postlint.toml", 'plugins = ["fix_plugin.py"]\nselect = ["FM", "TS"]\n')
    write("fix_plugin.py", PLUGIN.read_text(encoding="utf-8"))


def reported(tmp_path: Path, *args: str) -> tuple[int, list[tuple[str, int, str]]]:
    code, out, err = run_cli("check", "--output-format", "json", *args, cwd=tmp_path)
    assert code in (0, 1), (code, out, err)
    return code, [(v["path"], v["line"], v["code"]) for v in json.loads(out)]


def test_baseline_hides_old_violations_even_when_text_is_added_above(tmp_path: Path, write) -> None:
    setup(write)
    post = write("posts/old.md", FRONT + "Wow!!\n\nSame line.  \nSame line.  \n")
    code, out, err = run_cli("check", "--write-baseline", "baseline.json", ".", cwd=tmp_path)
    assert code == 0 and "recorded 3 violations in baseline.json" in err
    assert out == ""  # nothing reported: everything is recorded
    data = json.loads((tmp_path / "baseline.json").read_text(encoding="utf-8"))
    assert {(e["path"], e["code"], e["line"]) for e in data["violations"]} == {
        ("posts/old.md", "TS002", 7),
        ("posts/old.md", "TS001", 9),
        ("posts/old.md", "TS001", 10),
    }

    assert reported(tmp_path, "--baseline", "baseline.json", ".") == (0, [])

    # An edit above shifts every line; nothing comes back.
    post.write_text(
        FRONT + "A new intro.\n\nMore.\n\nWow!!\n\nSame line.  \nSame line.  \n", encoding="utf-8"
    )
    assert reported(tmp_path, "--baseline", "baseline.json", ".") == (0, [])

    # A third copy of the same line is one more than the baseline holds: only it is new.
    post.write_text(FRONT + "Wow!!\n\nSame line.  \nSame line.  \nSame line.  \n", encoding="utf-8")
    code, found = reported(tmp_path, "--baseline", "baseline.json", ".")
    assert code == 1 and len(found) == 1 and found[0][2] == "TS001"

    # A new finding on a new line fails; the old ones stay hidden.
    post.write_text(FRONT + "Wow!!\n\nSame line.  \nSame line.  \nNew!!\n", encoding="utf-8")
    assert reported(tmp_path, "--baseline", "baseline.json", ".") == (
        1,
        [("posts/old.md", 11, "TS002")],
    )


def test_editing_the_line_of_a_baselined_violation_makes_it_new(tmp_path: Path, write) -> None:
    setup(write)
    post = write("old.md", FRONT + "Wow!!\n")
    assert run_cli("check", "--write-baseline", "b.json", ".", cwd=tmp_path)[0] == 0
    post.write_text(FRONT + "Wow, really!!\n", encoding="utf-8")
    assert reported(tmp_path, "--baseline", "b.json", ".") == (1, [("old.md", 7, "TS002")])


def test_baseline_paths_are_relative_to_the_baseline_file(tmp_path: Path, write) -> None:
    setup(write)
    write("blog/posts/a.md", FRONT + "Hey!!\n")
    code, _, _ = run_cli(
        "check", "--write-baseline", "blog/.postlint-baseline.json", "blog", cwd=tmp_path
    )
    assert code == 0
    entries = json.loads((tmp_path / "blog/.postlint-baseline.json").read_text())["violations"]
    assert [e["path"] for e in entries] == ["posts/a.md"]
    # Run from another folder (naming the config: its plugin is outside this folder's tree):
    # the same baseline still matches.
    code, found = reported(
        tmp_path / "blog" / "posts",
        "--config",
        "../../postlint.toml",
        "--baseline",
        "../.postlint-baseline.json",
        ".",
    )
    assert (code, found) == (0, [])


def test_stale_entries_are_reported_as_a_note(tmp_path: Path, write) -> None:
    setup(write)
    post = write("a.md", FRONT + "Hey!!\nHo!!\n")
    run_cli("check", "--write-baseline", "b.json", ".", cwd=tmp_path)
    post.write_text(FRONT + "Hey!\nHo!\n", encoding="utf-8")
    code, out, err = run_cli("check", "--baseline", "b.json", ".", cwd=tmp_path)
    assert code == 0
    assert "2 baselined violations no longer occur" in err


def test_bad_baseline_files_exit_2_with_a_message(tmp_path: Path, write) -> None:
    setup(write)
    write("a.md", FRONT + "Fine.\n")
    write("broken.json", "{not json")
    write("other.json", '{"version": 2}')
    for name, expected in (
        ("missing.json", "missing.json: baseline file not found"),
        ("broken.json", "broken.json: not a postlint baseline (invalid JSON"),
        ("other.json", "other.json: not a postlint baseline"),
    ):
        proc = run_process("check", "--baseline", name, "a.md", cwd=tmp_path)
        assert proc.returncode == 2, proc.stdout
        assert expected in proc.stderr and "Traceback" not in proc.stderr

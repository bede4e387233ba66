"""Bad input, end to end through the real CLI (`python -m postlint` as a subprocess).

Every case checks the same promise: no traceback, a documented exit code, a message that
names the file (and the line where there is one), and the other files of the same run are
still linted. Most cases share one run over a "zoo" folder of broken posts next to a
witness post whose known finding proves the run went on.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import sys
from pathlib import Path

import pytest

from tests.conftest import run_cli, run_process

GOOD_FM = "---\ntitle: Fine\ndate: 2020-01-01\ntags: [a]\n---\n"
WITNESS = ("witness.md", "---\ntitle: Witness\ndate: 2020-01-01\n---\nStill linted.\n")
WITNESS_FINDING = "witness.md:1:1: FM004"


def _billion_laughs() -> str:
    lines = ["---", 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        name, previous = chr(ord("a") + i), chr(ord("a") + i - 1)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join([*lines, "---", "body", ""])


# name -> (content, code, line, message fragment). One file per kind of bad input.
ZOO: dict[str, tuple[str | bytes, str, int, str]] = {
    "yaml-malformed.md": (
        '---\ntitle: "unclosed\ndate: 2020-01-01\n---\nbody\n',
        "FM002",
        2,
        "invalid YAML front matter",
    ),
    "yaml-bad-indent.md": (
        "---\ntitle: x\n  date: 2020-01-01\ntags: [a]\n---\n",
        "FM002",
        3,
        "invalid YAML front matter",
    ),
    "toml-malformed.md": (
        '+++\ntitle = "x"\ndate = \n+++\nbody\n',
        "FM002",
        3,
        "invalid TOML front matter",
    ),
    "toml-duplicate.md": (
        '+++\ntitle = "x"\ntitle = "y"\n+++\nbody\n',
        "FM002",
        3,
        "invalid TOML front matter",
    ),
    "json-malformed.md": ('{\n"title": "x",\n}\nbody\n', "FM002", 3, "invalid JSON front matter"),
    "unclosed.md": (
        "---\ntitle: never closed\n\nA body that never ends.\n",
        "FM002",
        1,
        "never closed",
    ),
    "fm-list.md": ("---\n- a\n- b\n---\nbody\n", "FM002", 2, "must be a mapping, got list"),
    "fm-scalar.md": ("---\njust a string\n---\nbody\n", "FM002", 2, "must be a mapping, got str"),
    "yaml-duplicate.md": (
        "---\ntitle: a\ndate: 2020-01-01\ntitle: b\ntags: [a]\n---\n",
        "FM009",
        4,
        "`title` is defined twice",
    ),
    "json-duplicate.md": (
        '{\n"title": "a",\n"date": "2020-01-01",\n"tags": ["a"],\n"title": "b"\n}\nbody\n',
        "FM009",
        5,
        "`title` is defined twice",
    ),
    "alias-bomb.md": (_billion_laughs(), "FM002", 0, "through aliases; refusing to load it"),
    "yaml-deep.md": ("---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\n", "FM002", 2, "nest"),
    "json-deep.md": (
        '{\n"a": ' + "[" * 100_000 + "]" * 100_000 + "\n}\n",
        "FM002",
        1,
        "nested too deeply",
    ),
    "toml-deep.md": (
        "+++\na = " + "[" * 100_000 + "]" * 100_000 + "\n+++\n",
        "FM002",
        2,
        "nested too deeply",
    ),
    "latin1.md": ("---\ntitle: Café\n---\n".encode("latin-1"), "PL002", 2, "not valid UTF-8"),
    "binary.md": (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        "PL002",
        1,
        "binary file",
    ),
    "utf16-no-bom.md": (GOOD_FM.encode("utf-16-le"), "PL002", 1, "UTF-16"),
    "mixed-endings.md": (
        b"---\r\ntitle: x\ndate: 2020-01-01\rtags: [a, a]\r\n---\nbody\r",
        "FM006",
        4,
        "twice",
    ),
    "empty.md": ("", "FM001", 1, "no front matter"),
    "long-lines.md": (
        '---\ntitle: x\ndescription: "' + "y" * 2_000_000 + '"\ndate: 2024-13-45\n'
        "tags: [a]\n---\n" + "word " * 400_000 + "\n",
        "FM007",
        4,
        "2024-13-45",
    ),
}

# Readable variants of a good post: they must lint clean.
CLEAN = {
    "bom-utf8.md": codecs.BOM_UTF8 + GOOD_FM.encode(),
    "bom-utf16-le.md": codecs.BOM_UTF16_LE + GOOD_FM.encode("utf-16-le"),
    "bom-utf16-be.md": codecs.BOM_UTF16_BE + GOOD_FM.encode("utf-16-be"),
    "crlf.md": GOOD_FM.replace("\n", "\r\n").encode() + b"Body line.\r\n",
    "cr-only.md": GOOD_FM.replace("\n", "\r").encode() + b"Body line.\r",
    "x.md/inside.md": GOOD_FM.encode(),  # a directory named like a post is walked, not read
}


def _populate(root: Path) -> None:
    for name, (content, *_rest) in ZOO.items():
        data = content.encode() if isinstance(content, str) else content
        (root / name).write_bytes(data)
    for name, data in CLEAN.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    (root / WITNESS[0]).write_text(WITNESS[1])
    os.symlink("loop-b.md", root / "loop-a.md")  # a symlink loop with a post's name
    os.symlink("loop-a.md", root / "loop-b.md")


@pytest.fixture(scope="module")
def zoo(tmp_path_factory) -> tuple[Path, object]:
    root = tmp_path_factory.mktemp("zoo")
    _populate(root)
    return root, run_process("check", "--no-color", ".", cwd=root, timeout=120)


def _finding(stdout: str, where: str, code: str) -> str:
    lines = [line for line in stdout.splitlines() if line.startswith(where) and f" {code} " in line]
    assert lines, f"no {code} at {where} in:\n{stdout}"
    return lines[0]


def test_zoo_run_survives_every_bad_file(zoo):
    _root, proc = zoo
    assert "Traceback" not in proc.stderr
    assert proc.stderr == ""
    assert proc.returncode == 1, (proc.stdout, proc.stderr)  # violations; nothing crashed
    assert WITNESS_FINDING in proc.stdout
    assert "PL003" not in proc.stdout


@pytest.mark.parametrize("name", sorted(ZOO))
def test_bad_file_reported_with_file_and_line(zoo, name):
    _root, proc = zoo
    _content, code, line, fragment = ZOO[name]
    where = f"{name}:{line}:" if line else f"{name}:"
    message = _finding(proc.stdout, where, code)
    assert fragment in message


def test_alias_bomb_points_at_the_exploding_key(zoo):
    _root, proc = zoo
    message = _finding(proc.stdout, "alias-bomb.md:", "FM002")
    line = int(message.split(":")[1])
    assert 3 <= line <= 11  # one of the aliasing keys, not line 1


@pytest.mark.parametrize("name", sorted(CLEAN))
def test_readable_encodings_and_line_endings_lint_clean(zoo, name):
    _root, proc = zoo
    assert not [line for line in proc.stdout.splitlines() if line.startswith(name + ":")]


def test_symlink_loop_in_a_walk_is_reported_not_skipped(zoo):
    _root, proc = zoo
    for name in ("loop-a.md", "loop-b.md"):
        message = _finding(proc.stdout, f"{name}:1:1:", "PL002")
        assert "symbolic link" in message


def test_every_zoo_file_is_counted(zoo):
    _root, proc = zoo
    files = len(ZOO) + len(CLEAN) + 1 + 2
    assert re.search(rf"in \d+ of {files} files\.", proc.stdout), proc.stdout


def test_json_report_of_the_zoo_parses_and_matches_text(zoo):
    root, text_proc = zoo
    proc = run_process("check", "--output-format", "json", ".", cwd=root, timeout=120)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    records = json.loads(proc.stdout)
    text_lines = [
        line for line in text_proc.stdout.splitlines() if re.match(r"^\S+:\d+:\d+: ", line)
    ]
    assert len(records) == len(text_lines)
    assert {r["path"] for r in records} >= set(ZOO) | {WITNESS[0]}


# --- paths that are not files ------------------------------------------------------------
def test_missing_path_is_an_error_but_the_rest_is_linted(tmp_path):
    (tmp_path / WITNESS[0]).write_text(WITNESS[1])
    proc = run_process("check", "no-such-post.md", WITNESS[0], cwd=tmp_path, timeout=60)
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 2
    assert "no-such-post.md: no such file or directory" in proc.stderr
    assert WITNESS_FINDING in proc.stdout


def test_explicit_symlink_loop_is_named_as_a_loop(tmp_path):
    (tmp_path / WITNESS[0]).write_text(WITNESS[1])
    os.symlink("self.md", tmp_path / "self.md")
    proc = run_process("check", "self.md", WITNESS[0], cwd=tmp_path, timeout=60)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "self.md: symbolic link loop" in proc.stderr
    assert WITNESS_FINDING in proc.stdout


def test_symlinked_folder_loop_does_not_trap_the_walk(tmp_path):
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / WITNESS[0]).write_text(WITNESS[1])
    os.symlink("..", tmp_path / "posts" / "up")  # posts/up/posts/up/... forever
    proc = run_process("check", ".", cwd=tmp_path, timeout=60)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stdout.count("witness.md:1:1: FM004") == 1


def test_directory_named_like_a_post_given_explicitly(tmp_path):
    (tmp_path / "x.md").mkdir()
    (tmp_path / "x.md" / WITNESS[0]).write_text(WITNESS[1])
    proc = run_process("check", "x.md", cwd=tmp_path, timeout=60)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "x.md/witness.md:1:1: FM004" in proc.stdout


# --- size ----------------------------------------------------------------------------------
def test_50_mb_file_is_skipped_without_being_read(tmp_path):
    big = tmp_path / "huge.md"
    with big.open("wb") as handle:
        handle.write(GOOD_FM.encode())
        handle.truncate(50 * 1024 * 1024)  # sparse: cheap to create, 50 MB to stat
    (tmp_path / WITNESS[0]).write_text(WITNESS[1])
    proc = run_process("check", ".", cwd=tmp_path, timeout=60)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    message = _finding(proc.stdout, "huge.md:1:1:", "PL002")
    assert "skipped: file is too large (52,428,800 bytes; max-file-size is 5,000,000)" in message
    assert WITNESS_FINDING in proc.stdout


def test_max_file_size_is_configurable(tmp_path):
    (tmp_path / "postlint.toml").write_text("max-file-size = 100\n")
    (tmp_path / "long.md").write_text(GOOD_FM + "word " * 50)
    (tmp_path / "short.md").write_text(GOOD_FM)
    proc = run_process("check", ".", cwd=tmp_path, timeout=60)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "max-file-size is 100)" in _finding(proc.stdout, "long.md:1:1:", "PL002")
    assert "short.md" not in proc.stdout


# --- unreadable ----------------------------------------------------------------------------
@pytest.mark.skipif(
    sys.platform == "win32" or os.geteuid() == 0,
    reason="root (as in this CI container) reads a chmod 000 file anyway; "
    "test_unreadable_file_simulated covers the same path in-process",
)
def test_unreadable_file_real_permissions(tmp_path):
    locked = tmp_path / "locked.md"
    locked.write_text(GOOD_FM)
    locked.chmod(0)
    (tmp_path / WITNESS[0]).write_text(WITNESS[1])
    try:
        proc = run_process("check", ".", cwd=tmp_path, timeout=60)
    finally:
        locked.chmod(0o644)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "Permission denied" in _finding(proc.stdout, "locked.md:1:1:", "PL002")
    assert WITNESS_FINDING in proc.stdout


def test_unreadable_file_simulated(tmp_path, monkeypatch):
    """The OS refusing to open a file, simulated in-process with a patched Path.read_bytes.

    Tests run as root here, and root can read a chmod 000 file, so the refusal is faked at
    the one call the engine uses to read a post.
    """
    (tmp_path / "locked.md").write_text(GOOD_FM)
    (tmp_path / WITNESS[0]).write_text(WITNESS[1])
    real_read_bytes = Path.read_bytes

    def refusing_read_bytes(self: Path) -> bytes:
        if self.name == "locked.md":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", refusing_read_bytes)
    code, out, err = run_cli("check", ".", cwd=tmp_path)
    assert code == 1
    assert "locked.md:1:1: PL002 [error] cannot read file: Permission denied" in out
    assert WITNESS_FINDING in out


# --- broken config -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ('select = ["FM"\nignore = []\n', "postlint.toml:2:1: invalid TOML: Unclosed array"),
        ('select = ["XX999"]\n', "postlint.toml:1: select: unknown rule selector 'XX999'"),
        ('ignore = ["FM001", "NOPE"]\n', "postlint.toml:1: ignore: unknown rule selector 'NOPE'"),
        ('max-file-size = "big"\n', "postlint.toml:1: max-file-size: expected int, got str 'big'"),
        ("respect-gitignore = 1\n", "postlint.toml:1: respect-gitignore: expected bool"),
        ("[rules.FM003]\nkeys = 5\n", "postlint.toml:2: rules.FM003.keys: expected a list"),
        ("[rules.FM003]\nmissing = []\n", "postlint.toml:2: rules.FM003.missing: unknown option"),
        ("bogus-key = 1\n", "postlint.toml:1: bogus-key: unknown option"),
        ('fail-on = "fatal"\n', "postlint.toml:1: fail-on: unknown severity 'fatal'"),
        (b"select = ['\xff']\n", "postlint.toml: config file is not UTF-8"),
        (
            "\n# a comment\nselectt = []\n",
            "postlint.toml:3: selectt: unknown option; did you mean 'select'?",
        ),
        (
            "[rules.RD001]\nmin_words = 1\nmin-ease = 3\n",
            "postlint.toml:3: rules.RD001.min-ease: unknown option",
        ),
    ],
)
def test_broken_config_names_file_and_key(tmp_path, config, expected):
    target = tmp_path / "postlint.toml"
    target.write_bytes(config if isinstance(config, bytes) else config.encode())
    (tmp_path / WITNESS[0]).write_text(WITNESS[1])
    proc = run_process("check", ".", cwd=tmp_path, timeout=60)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("postlint: error: ")
    assert expected in proc.stderr, proc.stderr


def test_broken_pyproject_table_names_the_table(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.postlint]\nselect = "FM"\n')
    (tmp_path / WITNESS[0]).write_text(WITNESS[1])
    proc = run_process("check", ".", cwd=tmp_path, timeout=60)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "pyproject.toml:2: [tool.postlint] select: expected list" in proc.stderr


def test_missing_explicit_config_file(tmp_path):
    (tmp_path / WITNESS[0]).write_text(WITNESS[1])
    proc = run_process("check", "--config", "nope.toml", ".", cwd=tmp_path, timeout=60)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "nope.toml" in proc.stderr


# --- plugins that misbehave ----------------------------------------------------------------
PLUGIN = '''
from postlint.model import Edit, Fix, Violation
from postlint.rule import Rule


class Boom(Rule):
    """Raises on files that say boom."""

    code = "XB001"
    name = "boom"
    summary = "raises on purpose"

    def check(self, doc, options):
        if "boom" in doc.text:
            raise RuntimeError("kaboom")
        return ()


class Garbage(Rule):
    """Yields things that are not violations."""

    code = "XB002"
    name = "garbage"
    summary = "yields malformed results on purpose"

    def check(self, doc, options):
        if "garbage" in doc.text:
            yield None
        if "badfix" in doc.text:
            yield Violation(1, 1, "bad fix", fix=Fix(edits=("not an edit",), description="x"))
        if "badline" in doc.text:
            yield Violation("one", 1, "line is a string")
'''


@pytest.fixture
def plugin_tree(tmp_path: Path) -> Path:
    (tmp_path / "house_rules.py").write_text(PLUGIN)
    (tmp_path / "postlint.toml").write_text('plugins = ["house_rules.py"]\n')
    (tmp_path / WITNESS[0]).write_text(WITNESS[1])
    return tmp_path


@pytest.mark.parametrize(
    ("body", "code", "fragment"),
    [
        ("boom", "XB001", "internal error in rule XB001 (boom): RuntimeError: kaboom"),
        ("garbage", "XB002", "internal error in rule XB002 (garbage): TypeError: yielded NoneType"),
        ("badfix", "XB002", "internal error in rule XB002 (garbage): TypeError: fix edit"),
        ("badline", "XB002", "Violation.line is 'one', not an int"),
    ],
)
def test_crashing_plugin_is_pl003_and_the_run_goes_on(plugin_tree, body, code, fragment):
    (plugin_tree / "victim.md").write_text(GOOD_FM + body + "\n")
    (plugin_tree / "bystander.md").write_text(GOOD_FM + "calm\n")
    proc = run_process("check", "--no-color", ".", cwd=plugin_tree, timeout=60)
    assert proc.returncode == 2, (proc.stdout, proc.stderr)  # an internal error fails loudly
    assert "Traceback" not in proc.stderr
    message = _finding(proc.stdout, "victim.md:1:1:", "PL003")
    assert fragment in message
    assert WITNESS_FINDING in proc.stdout
    assert "bystander.md" not in proc.stdout  # linted (counted) and clean
    assert "of 3 files" in proc.stdout


def test_plugin_failing_at_import_is_a_config_error(tmp_path):
    (tmp_path / "bad_rules.py").write_text("raise ValueError('at import')\n")
    (tmp_path / "postlint.toml").write_text('plugins = ["bad_rules.py"]\n')
    (tmp_path / WITNESS[0]).write_text(WITNESS[1])
    proc = run_process("check", ".", cwd=tmp_path, timeout=60)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "postlint.toml:1: plugins: plugin" in proc.stderr
    assert "failed to import: ValueError: at import" in proc.stderr


def test_missing_plugin_is_a_config_error(tmp_path):
    (tmp_path / "postlint.toml").write_text('plugins = ["nowhere.py"]\n')
    proc = run_process("check", ".", cwd=tmp_path, timeout=60)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "postlint.toml:1: plugins: 'nowhere.py' does not exist" in proc.stderr


# --- a narrow selection does not hide an unread file ---------------------------------------
def test_unreadable_file_is_reported_under_a_narrow_select(tmp_path):
    (tmp_path / "latin1.md").write_bytes("---\ntitle: Café\n---\n".encode("latin-1"))
    (tmp_path / WITNESS[0]).write_text(WITNESS[1])
    proc = run_process("check", "--select", "FM004", ".", cwd=tmp_path, timeout=60)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "latin1.md:2:11: PL002" in proc.stdout
    assert WITNESS_FINDING in proc.stdout
    hidden = run_process("check", "--select", "FM004", "--ignore", "PL002", ".", cwd=tmp_path)
    assert "PL002" not in hidden.stdout
    assert WITNESS_FINDING in hidden.stdout

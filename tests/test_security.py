"""Security: front matter is data, plugins come only from the repository's own config, and
paths in reports are relative and escaped in every output format."""

from __future__ import annotations

import json
import os
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import pytest

from postlint.document import Document
from postlint.reporters import FORMATS
from tests.conftest import run_process

WITNESS = "---\ntitle: Witness\ndate: 2020-01-01\n---\nStill linted.\n"


# --- front matter is data ---------------------------------------------------------------
@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system ['touch {marker}']",
        "!!python/object/new:os.system ['touch {marker}']",
        "!!python/name:os.system",
        "!!python/module:os",
        "!<tag:yaml.org,2002:python/object/apply:os.system> ['touch {marker}']",
    ],
)
def test_python_yaml_tags_are_refused_not_constructed(tmp_path, tag):
    marker = tmp_path / "pwned"
    post = tmp_path / "post.md"
    post.write_text(f"---\ntitle: x\npayload: {tag.format(marker=marker)}\n---\nbody\n")
    (tmp_path / "witness.md").write_text(WITNESS)
    proc = run_process("check", ".", cwd=tmp_path, timeout=60)
    assert not marker.exists(), "a YAML tag ran code"
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 1
    line = next(line for line in proc.stdout.splitlines() if line.startswith("post.md:"))
    assert line.startswith("post.md:3:") and "FM002" in line and "python/" in line
    assert "witness.md:1:1: FM004" in proc.stdout


def test_safe_yaml_tags_are_plain_data():
    doc = Document("p.md", "---\ntitle: !!str 12\nn: !!int '7'\nwhen: 2020-01-01\n---\n")
    assert doc.front_matter.error is None
    assert doc.meta["title"] == "12" and doc.meta["n"] == 7


# --- plugins: only from the repository's own config --------------------------------------
PLUGIN = '''
from pathlib import Path
from postlint.rule import Rule

Path(__file__).with_name("plugin-ran").write_text("yes")


class House(Rule):
    """A house rule."""

    code = "XH001"
    name = "house"
    summary = "house rule"

    def check(self, doc, options):
        return ()
'''


def _repo(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    return folder


def test_plugin_from_the_repository_config_runs(tmp_path):
    repo = _repo(tmp_path / "repo")
    (repo / "tools").mkdir()
    (repo / "tools" / "house.py").write_text(PLUGIN)
    (repo / "postlint.toml").write_text('plugins = ["tools/house.py"]\n')
    (repo / "post.md").write_text(WITNESS)
    proc = run_process("check", ".", cwd=repo, timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert (repo / "tools" / "plugin-ran").exists()


def test_plugin_path_escaping_the_repository_is_refused(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "evil.py").write_text(PLUGIN)
    repo = _repo(tmp_path / "repo")
    (repo / "postlint.toml").write_text('plugins = ["../elsewhere/evil.py"]\n')
    (repo / "post.md").write_text(WITNESS)
    proc = run_process("check", ".", cwd=repo, timeout=60)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "postlint.toml:1: plugins: '../elsewhere/evil.py' resolves to" in proc.stderr
    assert "outside the repository" in proc.stderr
    assert not (outside / "plugin-ran").exists()


def test_plugin_symlinked_out_of_the_repository_is_refused(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "evil.py").write_text(PLUGIN)
    repo = _repo(tmp_path / "repo")
    os.symlink(outside / "evil.py", repo / "house.py")
    (repo / "postlint.toml").write_text('plugins = ["house.py"]\n')
    (repo / "post.md").write_text(WITNESS)
    proc = run_process("check", ".", cwd=repo, timeout=60)
    assert proc.returncode == 2 and "outside the repository" in proc.stderr
    assert not (outside / "plugin-ran").exists()


def test_linting_another_repository_does_not_run_its_plugins(tmp_path):
    """`postlint check ~/Downloads/bundle` from your own repo must not run the bundle's code."""
    mine = _repo(tmp_path / "mine")
    (mine / "post.md").write_text(WITNESS)
    theirs = _repo(tmp_path / "theirs")
    (theirs / "evil.py").write_text(PLUGIN)
    (theirs / "postlint.toml").write_text('plugins = ["evil.py"]\n')
    (theirs / "post.md").write_text(WITNESS)
    proc = run_process("check", str(theirs), cwd=mine, timeout=60)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "refusing to run plugins named by a config outside the repository" in proc.stderr
    assert not (theirs / "plugin-ran").exists()
    # Working in that repository (or naming its config) is the user's explicit choice.
    proc = run_process("check", ".", cwd=theirs, timeout=60)
    assert proc.returncode == 1 and (theirs / "plugin-ran").exists()


def test_no_flag_or_environment_variable_loads_plugins(tmp_path):
    (tmp_path / "evil.py").write_text(PLUGIN)
    (tmp_path / "post.md").write_text(WITNESS)
    env = {**os.environ, "POSTLINT_PLUGINS": "evil.py", "POSTLINT_PLUGIN": "evil.py"}
    proc = run_process("check", ".", cwd=tmp_path, env=env, timeout=60)
    assert proc.returncode == 1
    assert not (tmp_path / "plugin-ran").exists()
    help_text = run_process("check", "--help").stdout
    assert "plugin" not in help_text.lower()


# --- paths in reports: relative, and escaped for every format ------------------------------
AWKWARD = [
    "we\"ird,na:me%25 <&>'.md",
    "new\nline.md",
    "tab\tand\x1bescape\x07bell.md",  # (click strips whole ANSI sequences from pipes)
    "ünï 🙂.md",
    "back\\slash.md",
]


@pytest.fixture(scope="module")
def awkward_tree(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("names")
    (root / "sub").mkdir()
    for name in AWKWARD:
        (root / "sub" / name).write_text("no front matter\n")
    return root


def _report(root: Path, fmt: str) -> str:
    # The folder is named by its absolute path: the report must still be relative to cwd.
    proc = run_process(
        "check",
        "--select",
        "FM001",
        "--output-format",
        fmt,
        str(root / "sub"),
        cwd=root,
        timeout=60,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 1, proc.stderr
    return proc.stdout


def _paths_json(out: str) -> list[str]:
    return [record["path"] for record in json.loads(out)]


def _paths_sarif(out: str) -> list[str]:
    log = json.loads(out)
    paths = []
    for run in log["runs"]:
        for result in run["results"]:
            location = result["locations"][0]["physicalLocation"]["artifactLocation"]
            assert location.get("uriBaseId"), "relative to the source root, not absolute"
            assert not any(c in location["uri"] for c in ' "\n\t<>\\'), "a URI must be encoded"
            paths.append(unquote(location["uri"]))
    return paths


def _paths_junit(out: str) -> list[str]:
    tree = ET.fromstring(out)
    return [case.get("file") for case in tree.iter("testcase")]


def _paths_github(out: str) -> list[str]:
    paths = []
    for line in out.splitlines():  # one command per line: a newline in a path must not split it
        assert line.startswith("::error ")
        properties = line[len("::error ") :].split("::", 1)[0]
        values = dict(part.split("=", 1) for part in properties.split(","))
        paths.append(unquote(values["file"].replace("%0A", "\n").replace("%0D", "\r")))
    return paths


def _paths_text(out: str) -> list[str]:
    lines = [line for line in out.splitlines() if ": FM001 " in line]
    assert len(lines) == len(AWKWARD), "a path broke a report line in two"
    assert not any("\x1b" in line for line in lines), "a file name sent a terminal escape"
    return [line.split(":1:1: FM001")[0] for line in lines]


PARSERS = {
    "json": _paths_json,
    "sarif": _paths_sarif,
    "junit": _paths_junit,
    "github": _paths_github,
    "text": _paths_text,
}


def test_every_output_format_has_an_escaping_test():
    assert set(FORMATS) <= set(PARSERS) | {"statistics"}, "a new format needs a parser here"


@pytest.mark.parametrize("fmt", sorted(set(FORMATS) & set(PARSERS)))
def test_paths_are_relative_and_survive_each_format(awkward_tree, fmt):
    paths = _PARSE(fmt, _report(awkward_tree, fmt))
    expected = sorted(f"sub/{name}" for name in AWKWARD)
    if fmt == "text":  # a human format: control characters are shown escaped, never emitted
        expected = sorted(_visible(p) for p in expected)
    elif fmt == "junit":  # XML 1.0 cannot carry ESC at all; the reporter shows it as \x1b
        expected = sorted(p.replace("\x1b", "\\x1b").replace("\x07", "\\x07") for p in expected)
    assert sorted(paths) == expected
    assert not any(os.path.isabs(p) or str(awkward_tree) in p for p in paths)


def _PARSE(fmt: str, out: str) -> list[str]:
    return PARSERS[fmt](out)


def _visible(path: str) -> str:
    return "".join(
        ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode() for ch in path
    )


def test_plugins_of_the_config_above_the_working_folder_run(tmp_path):
    """Working in a sub-folder of a project (git or not) keeps its config's plugins."""
    (tmp_path / "house.py").write_text(PLUGIN)
    (tmp_path / "postlint.toml").write_text('plugins = ["house.py"]\n')
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "post.md").write_text(WITNESS)
    proc = run_process("check", ".", cwd=tmp_path / "posts", timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert (tmp_path / "plugin-ran").exists()


# --- the LanguageTool server comes only from config or flags --------------------------------
def test_languagetool_url_is_not_taken_from_environment_or_front_matter(tmp_path):
    """Prose is sent to a server only when the user's config or flags name it.

    A listening socket stands in for a server someone would like the text sent to; nothing
    may connect to it.
    """
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.5)
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    (tmp_path / "post.md").write_text(
        f"---\ntitle: x\ndate: 2020-01-01\ntags: [a]\nlanguagetool_url: {url}\n"
        f'languagetool: {{url: "{url}"}}\n---\nTheir is a error here.\n'
    )
    names = ["LANGUAGETOOL_URL", "POSTLINT_LANGUAGETOOL_URL", "LT_URL", "LANGUAGE_TOOL_URL"]
    env = {**os.environ, **dict.fromkeys(names, url)}
    try:
        proc = run_process("check", "--select", "LT", "post.md", cwd=tmp_path, env=env, timeout=60)
        with pytest.raises(TimeoutError):
            listener.accept()[0].close()
    finally:
        listener.close()
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "no LanguageTool server is configured" in proc.stderr


@pytest.mark.parametrize("fmt", sorted(set(FORMATS) & set(PARSERS)))
def test_file_name_that_is_not_utf8_is_shown_escaped(tmp_path, fmt):
    (tmp_path / os.fsdecode(b"caf\xe9.md")).write_text("no front matter\n")
    (tmp_path / "plain.md").write_text("no front matter\n")
    for _run in range(2):  # the second run reads the result cache the first one wrote
        proc = run_process(
            "check", "--select", "FM001", "--output-format", fmt, ".", cwd=tmp_path, timeout=60
        )
        assert "Traceback" not in proc.stderr, proc.stderr
        assert proc.returncode == 1
        paths = PARSERS[fmt](proc.stdout) if fmt != "text" else proc.stdout
        assert "caf\\xe9.md" in paths and "plain.md" in paths

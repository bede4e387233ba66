"""Config resolution: nearest file, per-folder settings, validation errors that name the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli, run_json

UNTAGGED = "---\ntitle: T\ndate: 2024-01-01\n---\n\nBody text.\n"


def codes(violations: list[dict]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for v in violations:
        out.setdefault(v["path"], set()).add(v["code"])
    return out


def test_nearest_config_wins_per_folder(tmp_path: Path, write) -> None:
    write("pyproject.toml", '[project]\nname = "blog"\n\n[tool.postlint]\nignore = ["FM004"]\n')
    write("posts/a.md", UNTAGGED)
    write("docs/postlint.toml", 'select = ["FM004"]\n')
    write("docs/b.md", UNTAGGED)
    _, violations = run_json(".", cwd=tmp_path)
    found = codes(violations)
    assert "posts/a.md" not in found  # FM004 ignored by pyproject.toml
    assert found["docs/b.md"] == {"FM004"}  # docs/ has its own, nearer config


def test_pyproject_without_postlint_table_is_skipped(tmp_path: Path, write) -> None:
    write("postlint.toml", 'ignore = ["FM004"]\n')
    write("sub/pyproject.toml", '[project]\nname = "x"\n')
    write("sub/a.md", UNTAGGED)
    code, violations = run_json("sub", cwd=tmp_path)
    assert code == 0 and violations == []


def test_config_flag_overrides_discovery(tmp_path: Path, write) -> None:
    write("postlint.toml", 'ignore = ["FM004"]\n')
    write("strict.toml", 'select = ["FM"]\n')
    write("a.md", UNTAGGED)
    _, violations = run_json("--config", "strict.toml", "a.md", cwd=tmp_path)
    assert codes(violations) == {"a.md": {"FM004"}}


def test_select_ignore_and_extend_select(tmp_path: Path, write) -> None:
    write("a.md", "# no front matter\n")
    _, violations = run_json("--select", "FM001", "a.md", cwd=tmp_path)
    assert codes(violations) == {"a.md": {"FM001"}}
    _, violations = run_json("--ignore", "FM", "a.md", cwd=tmp_path)
    assert violations == []
    _, violations = run_json(
        "--select", "FM004", "--extend-select", "missing-front-matter", "a.md", cwd=tmp_path
    )
    assert codes(violations) == {"a.md": {"FM001"}}  # FM004 needs front matter


def test_rule_options_and_severity_overrides(tmp_path: Path, write) -> None:
    write("postlint.toml", '[rules.FM003]\nkeys = ["title", "author"]\n\n[severity]\nFM = "info"\n')
    write("a.md", UNTAGGED)
    code, violations = run_json("--select", "FM003", "a.md", cwd=tmp_path)
    assert [(v["code"], v["severity"]) for v in violations] == [("FM003", "info")]
    assert "`author`" in violations[0]["message"]
    assert code == 0  # info is below the default fail-on (warning)
    code, _ = run_json("--select", "FM003", "--fail-on", "info", "a.md", cwd=tmp_path)
    assert code == 1


def test_per_file_ignores(tmp_path: Path, write) -> None:
    write("postlint.toml", '[per-file-ignores]\n"drafts/**" = ["FM004"]\n')
    write("drafts/a.md", UNTAGGED)
    write("posts/b.md", UNTAGGED)
    _, violations = run_json("--select", "FM004", ".", cwd=tmp_path)
    assert codes(violations) == {"posts/b.md": {"FM004"}}


@pytest.mark.parametrize(
    ("config", "fragment"),
    [
        ("select = [\n", "invalid TOML"),
        ('selekt = ["FM"]\n', "selekt: unknown option"),
        ('select = ["XX9"]\n', "select: unknown rule selector 'XX9'"),
        ("fail-on = 3\n", "fail-on: expected str"),
        ('fail-on = "loud"\n', "fail-on: unknown severity"),
        ("[rules.FM003]\nkeys = 5\n", "rules.FM003.keys: expected a list"),
        ("[rules.FM003]\nkeyz = []\n", "rules.FM003.keyz: unknown option for FM003"),
        ("[rules.NOPE]\nx = 1\n", "unknown rule selector 'NOPE'"),
        ('[severity]\nFM004 = "fatal"\n', "severity.FM004"),
    ],
)
def test_broken_config_is_a_clear_error(tmp_path: Path, write, config: str, fragment: str) -> None:
    write("postlint.toml", config)
    write("a.md", UNTAGGED)
    code, out, err = run_cli("check", "a.md", cwd=tmp_path)
    assert code == 2
    assert "postlint.toml" in err and fragment in err, err
    assert "Traceback" not in err


def test_unknown_cli_selector_is_a_usage_error(tmp_path: Path, write) -> None:
    write("a.md", UNTAGGED)
    code, _, err = run_cli("check", "--select", "ZZ", "a.md", cwd=tmp_path)
    assert code == 2 and "--select: unknown rule selector 'ZZ'" in err


def test_vocabulary_file_is_relative_to_the_config(tmp_path: Path, write) -> None:
    write("blog/postlint.toml", '[rules.FM005]\nvocabulary-file = "tags.txt"\n')
    write("blog/tags.txt", "# allowed tags\npython\ntesting\n")
    write("blog/a.md", "---\ntitle: T\ndate: 2024-01-01\ntags: [pyhton, testing]\n---\n")
    _, violations = run_json("--select", "FM005", "blog", cwd=tmp_path)
    assert [v["message"] for v in violations] == [
        'tag "pyhton" is not in the tag vocabulary; did you mean "python"?'
    ]
    assert violations[0]["line"] == 4


def test_local_plugin_rules_load_from_config(tmp_path: Path, write) -> None:
    write(
        "house.py",
        "from postlint.rule import Rule\nfrom postlint.model import Violation\n\n"
        "class NoFoo(Rule):\n    code = 'HS001'\n    name = 'no-foo'\n"
        "    summary = 'no foo'\n\n    def check(self, doc, options):\n"
        "        for b in doc.blocks:\n"
        "            at = b.text.find('foo')\n"
        "            if at >= 0:\n"
        "                yield self.at_prose(doc, b, at, at + 3, 'foo found')\n",
    )
    write("postlint.toml", 'plugins = ["house.py"]\nextend-select = ["HS"]\n')
    write("a.md", UNTAGGED.replace("Body text.", "Some foo here."))
    _, violations = run_json("--select", "HS", "a.md", cwd=tmp_path)
    assert [(v["code"], v["line"], v["column"]) for v in violations] == [("HS001", 6, 6)]


def test_prefixes_turn_on_opt_in_rules_only_when_named(tmp_path: Path, write) -> None:
    """`RT` selects the default RT rules; the opt-in RT003 needs its code; `LT` is all opt-in."""
    from postlint.config import CliOverrides, RuleSet, Settings
    from postlint.registry import default_registry

    def active(*selectors: str) -> set[str]:
        rules = RuleSet(
            Settings(root=tmp_path), default_registry(), CliOverrides(select=list(selectors))
        )
        return {a.code for a in rules.active}

    assert "RT003" not in active("RT") and "RT001" in active("RT")
    assert active("RT003") == {"RT003"}
    assert active("missing-read-time") == {"RT003"}
    assert active("LT") == {"LT001", "LT002"}
    assert not any(code.startswith("LT") for code in active("ALL"))


def test_missing_vocabulary_file_is_one_clear_error(tmp_path: Path, write) -> None:
    write("postlint.toml", '[rules.FM005]\nvocabulary-file = "nope.txt"\n')
    write("a.md", "---\ntitle: T\ndate: 2024-01-01\ntags: [x]\n---\n")
    write("b.md", "---\ntitle: T\ndate: 2024-01-01\ntags: [y]\n---\n")
    code, out, err = run_cli("check", "--select", "FM005", ".", cwd=tmp_path)
    assert code == 2
    assert err.count("cannot read vocabulary-file") == 1 and "nope.txt" in err
    assert "internal error" not in out + err


def test_key_lines_point_at_keys_and_tables_of_either_file_kind() -> None:
    from postlint.config import toml_key_lines

    postlint_toml = 'select = ["FM"]\n\n[rules.FM003]\n# why\nkeys = [\n  "title",\n]\n'
    assert toml_key_lines(postlint_toml) == {"select": 1, "rules.FM003": 3, "rules.FM003.keys": 5}
    pyproject = (
        '[project]\nname = "blog"\n\n[tool.postlint]\nignore = ["RD"]\n'
        '[tool.postlint.rules."RD001"]\nmin-words = 50\n[[tool.other]]\nx = 1\n'
    )
    assert toml_key_lines(pyproject, "tool.postlint") == {
        "ignore": 5,
        "rules.RD001": 6,
        "rules.RD001.min-words": 7,
    }

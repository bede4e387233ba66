"""Warming up before the pool forks: the sample post exercises the built-in offline rules,
fills the caches the workers inherit, and never runs a rule that could reach a server or a
third-party rule."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from postlint.config import CliOverrides, ConfigResolver
from postlint.document import Document
from postlint.registry import default_registry
from postlint.syllables import english_table, hyphenator
from postlint.warmup import SAMPLE_POST, built_in_offline, warm_up


def ruleset(tmp_path: Path, select: list[str]):
    resolver = ConfigResolver(default_registry(), CliOverrides(select=select), cwd=tmp_path)
    return resolver.for_directory(tmp_path)


def test_sample_post_is_long_enough_to_be_scored() -> None:
    doc = Document("sample.md", SAMPLE_POST)
    assert doc.front_matter.error is None and doc.meta["title"]
    assert doc.word_count >= 200  # RD001/RD002 skip shorter posts, and would not warm up
    assert doc.code_blocks and doc.images and doc.links


def test_only_built_in_offline_rules_take_part(tmp_path: Path) -> None:
    rules = ruleset(tmp_path, ["FM", "AI", "RT", "RD", "LT"])
    codes = {active.code for active in built_in_offline(rules)}
    assert {"FM001", "RD001", "RT001", "AI001"} <= codes
    assert not {code for code in codes if code.startswith("LT")}
    assert {a.code for a in rules.active if a.code.startswith("LT")}  # they were selected

    class PluginRule:
        __module__ = "someone_elses_plugin.rules"

    plugin = SimpleNamespace(rule=PluginRule(), options=None, code="XP001")
    assert built_in_offline(SimpleNamespace(active=[plugin])) == []


def test_warm_up_loads_what_workers_would_load_and_survives_a_failing_rule(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("POSTLINT_DATA_CACHE", str(tmp_path / "syl"))
    english_table.cache_clear()
    hyphenator.cache_clear()
    rules = ruleset(tmp_path, ["RD", "FM"])
    broken = next(a for a in rules.active if a.code == "FM001")
    monkeypatch.setattr(broken.rule, "check", lambda doc, options: 1 / 0)
    warm_up(rules)
    assert english_table.cache_info().currsize == 1
    assert hyphenator.cache_info().currsize >= 1

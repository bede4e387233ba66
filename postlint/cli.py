"""The `postlint` command line.

Exit codes: 0 no violation at or above --fail-on; 1 violations; 2 usage, config or internal
error (including a path that does not exist).
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from postlint import __version__
from postlint.reporters import FORMATS

EXIT_OK, EXIT_VIOLATIONS, EXIT_ERROR = 0, 1, 2


def _split(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _fail(message: str) -> None:
    click.echo(f"postlint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _registry():
    from postlint.registry import RegistryError, default_registry

    try:
        return default_registry()
    except RegistryError as exc:
        _fail(str(exc))


def _without_automatic_gc(command: Callable[..., None]) -> Callable[..., None]:
    """Run ``command`` with Python's automatic garbage collection paused.

    A run holds every file's result until the report is written and makes almost no reference
    cycles, so automatic collections would only re-scan those results over and over: one full
    collection took 0.1 s after a 10,000-post run, serially, while the worker cores sat idle.
    Linting in this process still collects as it goes (``runner.COLLECT_EVERY``).
    """

    @functools.wraps(command)
    def paused(*args: Any, **kwargs: Any) -> None:
        collecting = gc.isenabled()
        gc.disable()
        try:
            command(*args, **kwargs)
        finally:
            # Age what the run made into the oldest generation (two list splices): else the
            # first young collection after this would scan all of it at once.
            gc.freeze()
            gc.unfreeze()
            if collecting:
                gc.enable()

    return paused


def run() -> None:
    """The ``postlint`` command: ``main`` as a process that ends when it returns.

    At exit the interpreter collects garbage once more over everything still alive (for a
    10,000-post run, every result: tens of milliseconds). Nothing left then needs collecting,
    so it is all frozen out of that collection's sight.
    """
    try:
        main()
    finally:
        gc.freeze()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="postlint")
def main() -> None:
    """postlint: a content-quality linter for blog posts."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--select",
    multiple=True,
    help="Rules to enable, replacing the config (codes, "
    "prefixes like AI, names, or ALL). Comma-separated or repeated.",
)
@click.option("--extend-select", multiple=True, help="Rules to enable on top of the selection.")
@click.option("--ignore", multiple=True, help="Rules to disable.")
@click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Use this config file for every linted file instead of the nearest one.",
)
@click.option(
    "--output-format",
    default="text",
    show_default=True,
    type=click.Choice(list(FORMATS)),
    help="Report format.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    help="Lowest severity that makes the exit code 1 [default: warning].",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when violations are found.")
@click.option("--no-color", is_flag=True, help="Never color the text report.")
@click.option("--fix", is_flag=True, help="Apply safe fixes in place.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff, apply unsafe fixes too.")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff; write nothing.")
@click.option(
    "--output-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the report to this file; the terminal gets the text summary.",
)
@click.option(
    "--statistics", is_flag=True, help="Print how often each code fired instead of each violation."
)
@click.option(
    "--diff-base",
    metavar="REF",
    help="Report only violations on lines changed since "
    "the merge base of REF and HEAD (git), plus file-level ones of changed files.",
)
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Ignore the violations recorded in this baseline file; fail only on new ones.",
)
@click.option(
    "--write-baseline",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Record the current violations in this baseline file and exit 0.",
)
@click.option(
    "--languagetool-url",
    metavar="URL",
    help="LanguageTool server for the LT rules "
    '(overrides `url` in [tool.postlint.languagetool]; "local" for local mode).',
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Lint every file afresh; neither read nor write the result cache.",
)
@click.option(
    "--cache-dir",
    type=click.Path(path_type=Path, file_okay=False),
    envvar="POSTLINT_CACHE_DIR",
    help="Where to keep the result cache [default: "
    ".postlint_cache next to the config file, else in the working directory].",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    metavar="N",
    help="Worker processes for large runs [default: the number of CPUs].",
)
@_without_automatic_gc
def check(
    paths: tuple[Path, ...],
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    config_file: Path | None,
    output_format: str,
    fail_on: str | None,
    exit_zero: bool,
    no_color: bool,
    fix: bool,
    unsafe_fixes: bool,
    diff: bool,
    output_file: Path | None,
    statistics: bool,
    diff_base: str | None,
    baseline_file: Path | None,
    write_baseline: Path | None,
    languagetool_url: str | None,
    no_cache: bool,
    cache_dir: Path | None,
    jobs: int | None,
) -> None:
    """Lint blog posts under PATHS (default: the current folder)."""
    from postlint.baseline import BaselineError
    from postlint.config import CliOverrides, ConfigError
    from postlint.engine import FixMode
    from postlint.gate import Gate
    from postlint.gitdiff import GitError
    from postlint.progress import with_progress
    from postlint.registry import RegistryError
    from postlint.reporters import ReportContext
    from postlint.runner import Run, RunOptions

    cwd = Path.cwd()
    overrides = CliOverrides(
        select=_split(select) or None,
        extend_select=_split(extend_select),
        ignore=_split(ignore),
        fail_on=fail_on,
        rule_options={"LT": {"url": languagetool_url}} if languagetool_url else {},
    )
    options = RunOptions(
        paths=list(paths),
        overrides=overrides,
        config_file=config_file,
        fix_mode=FixMode(apply=fix and not diff, unsafe=unsafe_fixes, diff=diff),
        cwd=cwd,
        cache=not no_cache,
        cache_dir=cache_dir,
        jobs=jobs,
    )
    try:
        run = Run(options)
        gate = Gate(
            cwd,
            diff_base,
            baseline_file,
            write_baseline,
            frozenset(
                code for code, rule in run.resolver.registry.rules.items() if rule.file_level
            ),
        )
        linted = list(with_progress(run.results(), len(run.discovery.files)))
        results = gate.apply(linted)
    except (ConfigError, RegistryError, GitError, BaselineError) as exc:
        _fail(str(exc))

    for error in run.errors:
        click.echo(f"postlint: error: {error}", err=True)
    for warning in run.warnings:
        click.echo(f"postlint: warning: {warning}", err=True)
    color = (
        output_format == "text"
        and not no_color
        and sys.stdout.isatty()
        and "NO_COLOR" not in os.environ
    )
    context = ReportContext(
        rules=dict(run.resolver.registry.rules),
        cwd=cwd,
        color=color,
        version=__version__,
        statistics=statistics,
    )
    if diff:
        for result in results:
            if result.diff:
                click.echo(result.diff, nl=False)
    elif write_baseline is None:
        _report(results, context, output_format, output_file, statistics)
    for note in gate.notes:
        click.echo(f"postlint: {note}", err=True)

    # A rule that could not run (LanguageTool down): one message per run, not one per file.
    unavailable = sorted({message for r in linted for message in r.unavailable})
    for message in unavailable:
        click.echo(f"postlint: error: {message}", err=True)

    internal = any(r.internal_error for r in results)
    if run.errors or internal or unavailable:
        sys.exit(EXIT_ERROR)
    if write_baseline is not None:
        sys.exit(EXIT_OK)
    if exit_zero:
        sys.exit(EXIT_OK)
    if diff:
        sys.exit(EXIT_VIOLATIONS if any(r.diff for r in results) else EXIT_OK)
    threshold = run.base_rules.fail_on
    failing = any(v.severity >= threshold for r in results for v in r.violations)
    sys.exit(EXIT_VIOLATIONS if failing else EXIT_OK)


def _report(
    results: list, context, output_format: str, output_file: Path | None, statistics: bool
) -> None:
    """The report goes to stdout, or to ``output_file`` while stdout gets the text summary."""
    from postlint.reporters import get_renderer
    from postlint.reporters import statistics as statistics_report
    from postlint.reporters.text import summary_lines

    if output_file is not None:
        file_context = dataclasses.replace(context, color=False)
        report = get_renderer(output_format)(results, file_context)
        try:
            output_file.parent.mkdir(parents=True, exist_ok=True)  # reports/ in a fresh CI checkout
            output_file.write_text(report, encoding="utf-8")
        except OSError as exc:
            _fail(f"{output_file}: cannot write the report: {exc.strerror or exc}")
    if statistics:
        context.extra["format"] = "json" if output_format == "json" and not output_file else "text"
        click.echo(statistics_report.render(results, context), nl=False)
    if output_file is not None or (statistics and output_format == "text"):
        click.echo("\n".join(summary_lines(results, context)))
    elif not statistics:
        click.echo(get_renderer(output_format)(results, context), nl=False)


@main.command("rules")
@click.option(
    "--output-format",
    default="text",
    type=click.Choice(["text", "json", "markdown"]),
    show_default=True,
)
def list_rules(output_format: str) -> None:
    """List every rule: code, name, severity, fixable, on by default."""
    import json

    registry = _registry()
    rows = [
        (
            r.code,
            r.name,
            str(r.severity),
            r.fixable or "no",
            "yes" if r.default_enabled else "no",
            r.summary,
        )
        for r in registry
    ]
    if output_format == "json":
        keys = ("code", "name", "severity", "fixable", "default", "summary")
        click.echo(json.dumps([dict(zip(keys, row, strict=True)) for row in rows], indent=2))
        return
    if output_format == "markdown":
        click.echo("| code | name | severity | fixable | on by default | summary |")
        click.echo("|---|---|---|---|---|---|")
        for row in rows:
            click.echo("| " + " | ".join(row) + " |")
        return
    header = ("CODE", "NAME", "SEVERITY", "FIXABLE", "DEFAULT", "SUMMARY")
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(5)]
    for row in [header, *rows]:
        cells = zip(row[:5], widths, strict=True)
        click.echo("  ".join(str(c).ljust(w) for c, w in cells) + "  " + row[5])


@main.command("add-words")
@click.argument("words", nargs=-1, required=True)
@click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Use this config file instead of the nearest one.",
)
def add_words_command(words: tuple[str, ...], config_file: Path | None) -> None:
    """Accept WORDS in the spelling check (LT001): append them to the project vocabulary."""
    from postlint.config import ConfigError
    from postlint.languagetool.vocabulary import add_words, project_vocabulary
    from postlint.registry import RegistryError

    try:
        path = project_vocabulary(Path.cwd(), config_file)
    except (ConfigError, RegistryError) as exc:
        _fail(str(exc))
    if path is None:
        _fail("no vocabulary file: set `vocabulary` in [tool.postlint.languagetool]")
    try:
        added = add_words(path, words)
    except (OSError, UnicodeDecodeError) as exc:
        _fail(f"{path}: cannot update the vocabulary: {exc}")
    known = len(words) - len(added)
    click.echo(
        f"{path}: added {len(added)} word{'s' if len(added) != 1 else ''}"
        + (f" ({known} already accepted)" if known else "")
    )


@main.command("rule")
@click.argument("code")
def show_rule(code: str) -> None:
    """Show the documentation of one rule (by code or name)."""
    registry = _registry()
    rule = registry.get(code)
    if rule is None:
        _fail(f"unknown rule {code!r} (see `postlint rules`)")
    click.echo(f"# {rule.code} {rule.name}\n")
    click.echo(f"{rule.summary}\n")
    default = "on" if rule.default_enabled else "off (enable with --select " + rule.code + ")"
    click.echo(f"Severity: {rule.severity}. Fixable: {rule.fixable or 'no'}. Default: {default}.\n")
    click.echo(rule.documentation())
    if rule.options:
        click.echo("\n## Options\n")
        for option in rule.options:
            key = option.name.replace("_", "-")
            click.echo(
                f"- `{key}` ({option.type.__name__}, default {option.default!r}): {option.help}"
            )


@main.command("stats")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--output-format",
    default="text",
    show_default=True,
    type=click.Choice(["text", "json", "csv"]),
    help="Table format.",
)
def stats(paths: tuple[Path, ...], output_format: str) -> None:
    """Per-post words, read time (claimed and computed), reading ease, grade, longest
    sentence and tags under PATHS, with the median and the 10 hardest posts."""
    from postlint.config import ConfigError
    from postlint.registry import RegistryError
    from postlint.stats import RENDERERS, collect

    try:
        errors, rows, total = collect(list(paths), Path.cwd())
        if sys.stderr.isatty() and total > 200:  # progress only where someone watches
            with click.progressbar(
                rows, length=total, label="Reading posts", file=sys.stderr
            ) as bar:
                table = list(bar)
        else:
            table = list(rows)
    except (ConfigError, RegistryError) as exc:
        _fail(str(exc))
    for error in errors:
        click.echo(f"postlint: error: {error}", err=True)
    click.echo(RENDERERS[output_format](table), nl=False)
    sys.exit(EXIT_ERROR if errors else EXIT_OK)


if __name__ == "__main__":  # pragma: no cover
    main()

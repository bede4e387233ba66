"""postlint's speed targets (issue 7), measured: cold, warm, one file changed, one post,
``--version``, files/s at 1k/5k/10k posts, and proselint and markdownlint-cli2 on the same corpus.

    python benchmarks/bench.py                      # 10,000 posts from ../shared/corpus/real
    python benchmarks/bench.py --install-tools /tmp/bench-tools   # fetch the competitors first
    python benchmarks/bench.py --source ~/blog/content --posts 2000 --skip-competitors

The corpus is rebuilt under --workdir with every copy made distinct (benchmarks/corpus.py).
Each measurement is one run of a real process: wall time, CPU time of the whole process tree
(user + sys, from ``getrusage(RUSAGE_CHILDREN)``, so it counts pool workers too) and the peak
of the tree's summed resident memory, sampled from /proc every 20 ms. On a machine shared with
other work, wall times move with the load; compare the ratios taken in one run, and the CPU
column. The competitors are found on PATH or under --tools (``--install-tools DIR`` puts
proselint in DIR/venv with pip and markdownlint-cli2 in DIR/node_modules with npm; nothing is
added to the project).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402  (the sibling module, also runnable on its own)

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO.parent / "shared" / "corpus" / "real"
SAMPLE_SECONDS = 0.02

# (label, limit in seconds) for the rows that have a target.
TARGETS = {
    "postlint cold, 10k posts": 20.0,
    "postlint warm, nothing changed": 1.5,
    "postlint warm, one file changed": 2.0,
    "postlint check post.md (cold cache)": 0.4,
    "postlint --version": 0.15,
}
MEMORY_LIMIT_MB = 500
RATIO_TARGETS = {"proselint": 10.0, "markdownlint-cli2": 5.0}


@dataclass
class Measurement:
    label: str
    files: int
    wall: float
    cpu: float
    peak_mb: float
    exit_code: int
    runs: int = 1
    note: str = ""
    command: list[str] = field(default_factory=list)

    @property
    def files_per_second(self) -> float:
        return self.files / self.wall if self.wall else 0.0


# --- measuring a process tree ------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found += [int(child) for child in handle.read().split()]
        except OSError:
            continue
    return found


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree_rss_kb(root: int) -> int:
    total, stack, seen = 0, [root], set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += _rss_kb(pid)
        stack.extend(_children(pid))
    return total


def measure(label: str, command: list[str], cwd: Path, files: int, note: str = "") -> Measurement:
    """Run ``command`` once; wall time, tree CPU time and peak tree memory."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak = 0
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
    )
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kb(process.pid))
            done.wait(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = process.wait()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # A process too short for a sample still shows in ru_maxrss when it beats earlier ones.
    peak = max(peak, after.ru_maxrss if after.ru_maxrss > before.ru_maxrss else 0)
    return Measurement(label, files, wall, cpu, peak / 1024, code, note=note, command=command)


def median_of(
    runs: int, label: str, command: list[str], cwd: Path, files: int, prepare=None
) -> Measurement:
    """Short commands: the median of a few runs (``prepare`` runs before each, unmeasured)."""
    results = []
    for _ in range(runs):
        if prepare is not None:
            prepare()
        results.append(measure(label, command, cwd, files))
    middle = sorted(results, key=lambda m: m.wall)[len(results) // 2]
    middle.runs = runs
    middle.note = f"median of {runs} (min {min(m.wall for m in results):.3f} s)"
    return middle


# --- the tools ---------------------------------------------------------------------------------


def postlint_command(given: str | None) -> list[str]:
    if given:
        return given.split()
    script = Path(sys.executable).with_name("postlint")
    return [str(script)] if script.exists() else [sys.executable, "-m", "postlint"]


def find_tool(name: str, tools: Path | None) -> str | None:
    candidates = []
    if tools is not None:
        candidates += [tools / "venv" / "bin" / name, tools / "node_modules" / ".bin" / name]
    for candidate in candidates:
        if candidate.exists():
            return str(candidate)
    return shutil.which(name)


def install_tools(directory: Path) -> None:
    """proselint into a venv, markdownlint-cli2 with npm: from the package registries."""
    directory.mkdir(parents=True, exist_ok=True)
    venv = directory / "venv"
    if not (venv / "bin" / "proselint").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "proselint"], check=True)
    if not (directory / "node_modules" / ".bin" / "markdownlint-cli2").exists():
        if shutil.which("npm") is None:
            print("bench: npm not found; markdownlint-cli2 is skipped", file=sys.stderr)
            return
        subprocess.run(
            ["npm", "install", "--silent", "--prefix", str(directory), "markdownlint-cli2"],
            check=True,
        )


def tool_version(command: list[str]) -> str:
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    text = (out.stdout or out.stderr).strip().splitlines()
    return text[0] if text else "?"


# --- the run -----------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> list[Measurement]:
    workdir: Path = args.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    posts_dir = workdir / "corpus"
    started = time.perf_counter()
    parts = corpus.build(args.source, posts_dir, args.posts)
    print(
        f"bench: built {args.posts} distinct posts from {args.source} in "
        f"{time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    postlint = postlint_command(args.postlint)
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    check = [*postlint, "check", "--exit-zero", *jobs]
    caches = workdir / "caches"
    shutil.rmtree(caches, ignore_errors=True)
    results: list[Measurement] = []

    def note(measurement: Measurement) -> Measurement:
        results.append(measurement)
        print(
            f"bench: {measurement.label}: {measurement.wall:.2f} s wall, "
            f"{measurement.cpu:.2f} s CPU, {measurement.peak_mb:.0f} MB",
            file=sys.stderr,
        )
        return measurement

    sizes = sorted({min(size, args.posts) for size in args.sizes})
    for size in sizes:
        count = -(-size // corpus.PART_SIZE)
        paths = [str(p.relative_to(posts_dir)) for p in parts[:count]]
        label = "postlint cold, 10k posts" if size == 10_000 else f"postlint cold, {size:,} posts"
        cache = caches / f"cold-{size}"
        note(
            measure(
                label,
                [*check, "--cache-dir", str(cache), *paths],
                posts_dir,
                size,
                note="empty cache; writes it",
            )
        )
    full = caches / f"cold-{sizes[-1]}"
    all_parts = [str(p.relative_to(posts_dir)) for p in parts]
    cached = [*check, "--cache-dir", str(full), *all_parts]
    note(measure("postlint warm, nothing changed", cached, posts_dir, args.posts))
    changed = next(parts[-1].rglob("*.md"))
    with changed.open("a", encoding="utf-8") as handle:
        handle.write("\nOne more sentence, written after the cache was filled.\n")
    note(measure("postlint warm, one file changed", cached, posts_dir, args.posts))
    note(
        measure(
            "postlint cold, --no-cache --jobs 1, 1k posts",
            [
                *postlint,
                "check",
                "--exit-zero",
                "--no-cache",
                "--jobs",
                "1",
                str(parts[0].relative_to(posts_dir)),
            ],
            posts_dir,
            min(corpus.PART_SIZE, args.posts),
            note="one process, for the CPU profile",
        )
    )

    single = next(parts[0].rglob("*.md"))
    single_cache = caches / "single"
    note(
        median_of(
            args.repeat,
            "postlint check post.md (cold cache)",
            [
                *postlint,
                "check",
                "--exit-zero",
                "--cache-dir",
                str(single_cache),
                str(single.relative_to(posts_dir)),
            ],
            posts_dir,
            1,
            prepare=lambda: shutil.rmtree(single_cache, ignore_errors=True),
        )
    )
    note(median_of(args.repeat, "postlint --version", [*postlint, "--version"], posts_dir, 0))

    if not args.skip_competitors:
        if args.install_tools:
            install_tools(args.install_tools)
        tools = args.install_tools or args.tools
        proselint = find_tool("proselint", tools)
        if proselint:
            version = tool_version([proselint, "version"])
            note(
                measure(
                    "proselint",
                    [proselint, "check", *all_parts],
                    posts_dir,
                    args.posts,
                    note=version,
                )
            )
        else:
            print("bench: proselint not found (see --install-tools)", file=sys.stderr)
        markdownlint = find_tool("markdownlint-cli2", tools)
        if markdownlint:
            version = tool_version([markdownlint, "--help"])
            note(
                measure(
                    "markdownlint-cli2",
                    [markdownlint, "**/*.md"],
                    posts_dir,
                    args.posts,
                    note=version.split("(")[0].strip(),
                )
            )
        else:
            print("bench: markdownlint-cli2 not found (see --install-tools)", file=sys.stderr)
    return results


def table(results: list[Measurement], posts: int) -> str:
    cold = next(
        (m for m in results if m.label.startswith("postlint cold") and m.files == posts), None
    )
    lines = [
        "| run | wall s | CPU s | files/s | peak MB | target | note |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for m in results:
        target = ""
        if m.label in TARGETS:
            limit = TARGETS[m.label]
            target = f"< {limit:g} s: {'ok' if m.wall <= limit else 'MISSED'}"
            if m.label.startswith("postlint cold"):
                memory = "ok" if m.peak_mb < MEMORY_LIMIT_MB else "MISSED"
                target += f"; < {MEMORY_LIMIT_MB} MB: {memory}"
        if m.label in RATIO_TARGETS and cold is not None:
            ratio = m.wall / cold.wall
            cpu_ratio = m.cpu / cold.cpu if cold.cpu else 0
            goal = RATIO_TARGETS[m.label]
            target = (
                f"postlint {ratio:.1f}x faster (CPU {cpu_ratio:.1f}x); >= {goal:g}x: "
                f"{'ok' if ratio >= goal else 'MISSED'}"
            )
        rate = f"{m.files_per_second:,.0f}" if m.files > 1 else ""
        lines.append(
            f"| {m.label} | {m.wall:.3f} | {m.cpu:.2f} | {rate} | {m.peak_mb:.0f} | "
            f"{target} | {m.note}{' (exit ' + str(m.exit_code) + ')' if m.exit_code > 1 else ''} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--source",
        type=Path,
        default=DEFAULT_SOURCE,
        help="folder of real posts to replicate [default: %(default)s]",
    )
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument(
        "--sizes",
        type=lambda s: [int(x) for x in s.split(",")],
        default=[1_000, 5_000, 10_000],
        help="corpus sizes for files/s",
    )
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "postlint-bench"
    )
    parser.add_argument(
        "--postlint",
        help="command that runs postlint [default: the one installed beside this Python]",
    )
    parser.add_argument("--jobs", type=int, help="passed to postlint check --jobs")
    parser.add_argument("--repeat", type=int, default=5, help="runs of the short commands")
    parser.add_argument("--tools", type=Path, help="folder where --install-tools put them")
    parser.add_argument(
        "--install-tools",
        type=Path,
        metavar="DIR",
        help="pip/npm install proselint and markdownlint-cli2 into DIR first",
    )
    parser.add_argument("--skip-competitors", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the measurements here")
    args = parser.parse_args(argv)
    if not args.source.is_dir():
        parser.error(f"--source {args.source} is not a folder")

    results = run(args)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"\npostlint benchmark: {args.posts:,} posts from {args.source}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"load average {load:.1f} at the end\n"
    )
    print(table(results, args.posts))
    if args.json:
        args.json.write_text(
            json.dumps(
                [{**asdict(m), "files_per_second": m.files_per_second} for m in results], indent=2
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

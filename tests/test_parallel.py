"""Parallel runs: the same results, in the same order, with one process or a pool; a worker that
dies takes down one file, not the run; the progress bar shows only on a terminal.

Correctness only: speed is measured by benchmarks/bench.py, never asserted here.
"""

from __future__ import annotations

import io
import json
import os
import pty
import shutil
from pathlib import Path

import pytest

from postlint.parallel import MIN_ITEMS_FOR_POOL, ordered_map
from postlint.progress import with_progress
from postlint.runner import Run, RunOptions
from tests.conftest import SHARED, run_cli

REAL = SHARED / "corpus" / "real"

# A local plugin whose findings depend on scheduling-free facts only, but that also reports
# which process linted the file (XP002) and sleeps a little on some files to shuffle the
# order in which workers finish.
PLUGIN = '''
import os
import time
import zlib

from postlint.rule import Rule


class Slow(Rule):
    """Sleeps on some files, so workers finish out of order."""

    code = "XP001"
    name = "slow"
    summary = "Sleeps"

    def check(self, doc, options):
        if zlib.crc32(doc.text.encode()) % 3 == 0:
            time.sleep(0.02)
        if "CRASH-THE-WORKER" in doc.text:
            os._exit(7)
        yield self.at_line(doc, 1, f"words: {doc.word_count}")


class Pid(Rule):
    """Names the process that linted the file."""

    code = "XP002"
    name = "pid"
    summary = "Process id"

    def check(self, doc, options):
        yield self.at_line(doc, 1, str(os.getpid()))
'''


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    """Real posts from the shared corpus (plus a few synthetic ones), 60 files in folders."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "plugin.py").write_text(PLUGIN, encoding="utf-8")
    (tmp_path / "postlint.toml").write_text('plugins = ["plugin.py"]\n', encoding="utf-8")
    sources = sorted(REAL.rglob("*.md"))[:: max(1, len(list(REAL.rglob("*.md"))) // 50)][:50]
    for n, source in enumerate(sources):
        target = tmp_path / "posts" / source.parent.name / f"{n:02d}-{source.name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    for n in range(10):
        (tmp_path / "posts" / f"synthetic-{n}.md").write_text(
            f"---\ntitle: Post {n}\n---\n\nHere is the complete article:\n\n"
            f"Post {n} [Insert name].\n",
            encoding="utf-8",
        )
    return tmp_path


def check(root: Path, *args: str) -> tuple[int, list[dict], str]:
    code, out, err = run_cli("check", "--output-format", "json", "--no-cache", *args, cwd=root)
    return code, json.loads(out) if out.strip() else [], err


def without_pids(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["code"] != "XP002"]


def test_pool_gives_the_same_results_in_the_same_order(blog):
    code_one, one, _ = check(blog, "--jobs", "1")
    code_two, two, _ = check(blog, "--jobs", "2")
    assert code_one == code_two == 1
    assert without_pids(one) == without_pids(two)
    assert len({v["path"] for v in one}) == 60
    discovered = Run(RunOptions(paths=[blog], cwd=blog)).discovery.files
    reported = list(dict.fromkeys(v["path"] for v in two))
    assert reported == [os.path.relpath(p, blog) for p in discovered]  # not finishing order
    parent = str(os.getpid())
    one_pids = {v["message"] for v in one if v["code"] == "XP002"}
    two_pids = {v["message"] for v in two if v["code"] == "XP002"}
    assert one_pids == {parent}  # --jobs 1 lints in this process
    assert parent not in two_pids and len(two_pids) == 2  # two workers did the work


def test_few_files_are_linted_in_process_even_with_jobs(blog):
    _, violations, _ = check(blog, "--jobs", "2", "posts/synthetic-1.md", "posts/synthetic-2.md")
    assert {v["message"] for v in violations if v["code"] == "XP002"} == {str(os.getpid())}


def test_a_dying_worker_costs_one_file_not_the_run(blog):
    _, healthy, _ = check(blog, "--jobs", "1")
    victim = blog / "posts" / "synthetic-3.md"
    victim.write_text(victim.read_text(encoding="utf-8") + "\nCRASH-THE-WORKER\n", encoding="utf-8")
    code, violations, err = check(blog, "--jobs", "2")
    assert code == 2 and "Traceback" not in err
    crashed = [v for v in violations if v["path"] == "posts/synthetic-3.md"]
    assert [(v["code"], v["line"]) for v in crashed] == [("PL003", 1)]
    assert "worker process" in crashed[0]["message"] and "died" in crashed[0]["message"]
    others = [v for v in without_pids(violations) if v["path"] != "posts/synthetic-3.md"]
    assert others == [v for v in without_pids(healthy) if v["path"] != "posts/synthetic-3.md"]


def test_pool_results_are_cached_like_in_process_ones(blog):
    code, _, _ = run_cli("check", "--jobs", "2", "--select", "FM,AI", ".", cwd=blog)
    assert code == 1
    warm = run_cli(
        "check", "--jobs", "1", "--output-format", "json", "--select", "FM,AI", ".", cwd=blog
    )
    fresh = run_cli(
        "check", "--no-cache", "--output-format", "json", "--select", "FM,AI", ".", cwd=blog
    )
    assert warm == fresh


# --- ordered_map itself ---------------------------------------------------------------------


def square_slowly(n: int) -> tuple[int, int]:
    import time

    time.sleep(0.001 * (n % 5))
    return n * n, os.getpid()


def die_on_13(n: int) -> int:
    if n == 13:
        os._exit(3)
    return n


def test_ordered_map_keeps_input_order_across_workers():
    items = list(range(200))
    results = list(ordered_map(square_slowly, items, 2, on_crash=lambda item, why: None))
    assert [value for value, _ in results] == [n * n for n in items]
    assert os.getpid() not in {pid for _, pid in results}


def test_ordered_map_runs_small_batches_in_process():
    items = list(range(MIN_ITEMS_FOR_POOL - 1))
    results = list(ordered_map(square_slowly, items, 4, on_crash=lambda item, why: None))
    assert {pid for _, pid in results} == {os.getpid()}


def test_ordered_map_isolates_the_item_that_kills_its_worker():
    results = list(
        ordered_map(
            die_on_13, list(range(100)), 2, on_crash=lambda item, why: f"crashed {item}: {why}"
        )
    )
    assert results[:13] == list(range(13)) and results[14:] == list(range(14, 100))
    assert results[13].startswith("crashed 13: ")


def test_ordered_map_stopped_early_does_not_finish_the_queue():
    results = ordered_map(square_slowly, list(range(5000)), 2, on_crash=lambda i, w: None)
    assert next(results)[0] == 0
    results.close()  # must return promptly, with the pool shut down and its queue dropped


prepared_pids: list[int] = []


def prepare_here() -> None:
    prepared_pids.append(os.getpid())


def what_was_prepared(n: int) -> tuple[int, list[int]]:
    return os.getpid(), list(prepared_pids)


def test_ordered_map_prepares_once_in_this_process_before_the_workers_fork():
    prepared_pids.clear()
    results = list(
        ordered_map(
            what_was_prepared, list(range(100)), 2, on_crash=lambda i, w: None, prepare=prepare_here
        )
    )
    assert prepared_pids == [os.getpid()]  # once, here
    assert {pid for pid, _ in results} - {os.getpid()}  # the items ran in workers...
    assert all(seen == [os.getpid()] for _, seen in results)  # ...that inherited the warm state


def test_ordered_map_does_not_prepare_for_a_run_in_this_process():
    prepared_pids.clear()
    items = list(range(MIN_ITEMS_FOR_POOL - 1))
    list(ordered_map(what_was_prepared, items, 2, on_crash=lambda i, w: None, prepare=prepare_here))
    assert prepared_pids == []


# --- progress bar ---------------------------------------------------------------------------


def test_progress_bar_draws_on_a_terminal(monkeypatch):
    # CI runs this suite with CI=true, which rightly turns the bar off: emulate a local shell.
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    controller, terminal = pty.openpty()
    try:
        with open(terminal, "w", closefd=False) as stream:
            items = list(with_progress(iter(range(50)), 50, stream=stream, show_after=0))
        os.close(terminal)
        drawn = b""
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:
                break
            if not chunk:
                break
            drawn += chunk
    finally:
        os.close(controller)
    assert items == list(range(50))
    assert b"Linting" in drawn and b"50/50" in drawn


def test_no_progress_bar_when_piped_or_in_ci(monkeypatch):
    piped = io.StringIO()
    assert list(with_progress(iter(range(10)), 10, stream=piped, show_after=0)) == list(range(10))
    assert piped.getvalue() == ""
    controller, terminal = pty.openpty()
    monkeypatch.setenv("CI", "true")
    try:
        with open(terminal, "w", closefd=False) as stream:
            list(with_progress(iter(range(10)), 10, stream=stream, show_after=0))
        os.set_blocking(controller, False)
        with pytest.raises(BlockingIOError):
            os.read(controller, 4096)
    finally:
        os.close(terminal)
        os.close(controller)


def test_workers_exit_when_the_parent_is_killed(tmp_path):
    """A SIGKILLed run (CI timeout, OOM killer) must not leave pool workers behind."""
    import signal
    import subprocess
    import sys
    import time

    posts = tmp_path / "posts"
    posts.mkdir()
    body = "A sentence that keeps the readability rules busy for a little while. " * 400
    for i in range(400):
        (posts / f"p{i:03d}.md").write_text(
            f"---\ntitle: Post {i}\ndate: 2024-01-01\ntags: [x]\n---\n\n{body}\n", encoding="utf-8"
        )
    run = subprocess.Popen(
        [sys.executable, "-m", "postlint", "check", "--no-cache", "--jobs", "2", str(posts)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def children() -> list[int]:
        found = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as handle:
                        fields = handle.read().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == run.pid:
                    found.append(int(entry))
        return found

    deadline = time.monotonic() + 20
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2 and run.poll() is None:
        workers = children()
        time.sleep(0.05)
    if run.poll() is not None or len(workers) < 2:
        run.kill()
        pytest.skip("the run finished before its pool could be observed")
    os.kill(run.pid, signal.SIGKILL)
    run.wait()

    def alive(pid: int) -> bool:
        try:
            with open(f"/proc/{pid}/stat") as handle:
                return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return False

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(pid) for pid in workers):
        time.sleep(0.1)
    assert not any(alive(pid) for pid in workers), "orphaned pool workers are still running"

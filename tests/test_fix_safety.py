"""`--fix` never loses a byte: exact output, idempotence, line endings and BOM, interrupted
writes, and two fixing processes racing on one tree.

The fixes come from a local plugin defined here (written to disk and loaded through the
`plugins` config key, the same path a repository's house rules take), so the expected output
can be computed independently and compared byte for byte. Built-in fixable rules are
checked for the same properties on real posts in `test_registered_fixable_rules_*`.
"""

from __future__ import annotations

import codecs
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postlint.config import CliOverrides, ConfigResolver
from postlint.document import Document
from postlint.engine import FixMode, check_document, lint_file
from postlint.fixes import apply_fixes, write_atomically
from postlint.model import Edit, FileResult, Fix
from postlint.registry import default_registry
from tests.conftest import run_process

FIX_RULES = '''
import re

from postlint.model import Edit, Fix, Violation
from postlint.rule import Rule

_TYPO = re.compile(r"\\bteh\\b")
_TRAILING = re.compile(r"[ \\t]+(?=\\r\\n|\\r|\\n|$)")


class Typo(Rule):
    """`teh` -> `the` (safe)."""

    code = "XF001"
    name = "teh"
    summary = "teh"
    fixable = "safe"

    def check(self, doc, options):
        for m in _TYPO.finditer(doc.text):
            fix = Fix((Edit(m.start(), m.end(), "the"),), "write the")
            yield self.at_offsets(doc, m.start(), m.end(), "teh", fix=fix)


class TrailingSpace(Rule):
    """Spaces before a line break (safe): deleting them must keep the break itself."""

    code = "XF002"
    name = "trailing-space"
    summary = "trailing space"
    fixable = "safe"

    def check(self, doc, options):
        for m in _TRAILING.finditer(doc.text):
            fix = Fix((Edit(m.start(), m.end(), ""),), "delete trailing space")
            yield self.at_offsets(doc, m.start(), m.end(), "trailing space", fix=fix)


class FinalNewline(Rule):
    """A file that does not end with a line break gets one, in the file's own style (safe)."""

    code = "XF003"
    name = "final-newline"
    summary = "final newline"
    fixable = "safe"

    def check(self, doc, options):
        if doc.text and not doc.text.endswith(("\\n", "\\r")):
            end = len(doc.text)
            fix = Fix((Edit(end, end, doc.newline),), "add a final line break")
            yield self.at_offsets(doc, end, end, "no final newline", fix=fix)


class Utilize(Rule):
    """`utilize` -> `use`, unsafe: only with --unsafe-fixes."""

    code = "XF004"
    name = "utilize"
    summary = "utilize"
    fixable = "unsafe"

    def check(self, doc, options):
        for m in re.finditer("utilize", doc.text):
            fix = Fix((Edit(m.start(), m.end(), "use"),), "write use", safe=False)
            yield self.at_offsets(doc, m.start(), m.end(), "utilize", fix=fix)
'''

_TYPO = re.compile(r"\bteh\b")
_TRAILING = re.compile(r"[ \t]+(?=\r\n|\r|\n|$)")
NEWLINES = ["\n", "\r\n", "\r"]
ENCODINGS = {
    "utf-8": b"",
    "utf-8-bom": codecs.BOM_UTF8,
    "utf-16-le": codecs.BOM_UTF16_LE,
    "utf-16-be": codecs.BOM_UTF16_BE,
}
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def make_tree(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "fix_rules.py").write_text(FIX_RULES)
    (folder / "postlint.toml").write_text(
        'plugins = ["fix_rules.py"]\nselect = ["XF"]\nrespect-gitignore = false\n'
    )
    return folder


WORKDIR = make_tree(Path(tempfile.mkdtemp(prefix="postlint-fix-")))
RULESET = ConfigResolver(default_registry(), CliOverrides(), cwd=WORKDIR).for_directory(WORKDIR)


def encode(text: str, encoding: str) -> bytes:
    bom = ENCODINGS[encoding]
    codec = {"utf-8": "utf-8", "utf-8-bom": "utf-8"}.get(encoding, encoding)
    return bom + text.encode(codec)


def expected_fix(text: str, unsafe: bool = False) -> str:
    """What the plugin's fixes must produce, computed without the engine."""
    newline = Document("x.md", text).newline
    fixed = _TRAILING.sub("", _TYPO.sub("the", text))
    if unsafe:
        fixed = fixed.replace("utilize", "use")
    if text and not text.endswith(("\n", "\r")):  # decided on the original, in round one
        fixed += newline
    return fixed


words = st.sampled_from(["teh", "the", "tehx", "word", "utilize", "é", "🙂", "-", "#", "`teh`"])
spaces = st.sampled_from(["", " ", "  ", "\t", " \t "])


@st.composite
def fixable_text(draw) -> str:
    lines = draw(
        st.lists(
            st.tuples(st.lists(words, max_size=5).map(" ".join), spaces, st.sampled_from(NEWLINES)),
            max_size=12,
        )
    )
    text = "".join(words_ + space + newline for words_, space, newline in lines)
    if draw(st.booleans()):  # no final line break, maybe trailing space
        text = text.rstrip("\r\n") + draw(spaces)
    return text


def lint(raw: bytes, fix: FixMode, name: str = "post.md") -> tuple[bytes, FileResult]:
    path = WORKDIR / name
    path.write_bytes(raw)
    result = lint_file(path, name, RULESET, fix)
    return path.read_bytes(), result


# --- the exact bytes --------------------------------------------------------------------------
@PROPERTY
@given(fixable_text(), st.sampled_from(sorted(ENCODINGS)), st.booleans())
def test_fix_output_is_exactly_the_fixed_ranges(text, encoding, unsafe):
    raw = encode(text, encoding)
    fixed, result = lint(raw, FixMode(apply=True, unsafe=unsafe))
    assert not result.internal_error
    # Everything outside the edits is kept: the whole file equals the independent model,
    # in the same encoding, with the same BOM and the same line breaks.
    assert fixed == encode(expected_fix(text, unsafe), encoding)
    # Nothing safe-fixable is left; a second --fix changes nothing.
    left = [v for v in result.violations if v.fix is not None and (v.fix.safe or unsafe)]
    assert not left, left
    again, second = lint(fixed, FixMode(apply=True, unsafe=unsafe))
    assert again == fixed
    assert second.fixed == 0


@PROPERTY
@given(fixable_text(), st.sampled_from(sorted(ENCODINGS)))
def test_diff_mode_writes_nothing_and_check_mode_writes_nothing(text, encoding):
    raw = encode(text, encoding)
    for mode in (FixMode(diff=True), FixMode()):
        after, _ = lint(raw, mode)
        assert after == raw


def test_line_endings_are_kept_line_by_line():
    text = "teh a  \r\nteh b \nteh c\t\rteh d"
    fixed, _ = lint(text.encode(), FixMode(apply=True))
    assert fixed == b"the a\r\nthe b\nthe c\rthe d\r\n"  # final break: the first (tied) style


def test_unsafe_fix_needs_unsafe_flag():
    fixed, result = lint(b"we utilize it\n", FixMode(apply=True))
    assert fixed == b"we utilize it\n"
    assert [v.code for v in result.violations] == ["XF004"]
    fixed, result = lint(b"we utilize it\n", FixMode(apply=True, unsafe=True))
    assert fixed == b"we use it\n"
    assert result.violations == []


def test_suppressed_violation_is_not_fixed():
    text = "<!-- postlint-disable-next-line XF001 -->\nteh kept\n\nteh fixed\n"
    fixed, _ = lint(text.encode(), FixMode(apply=True))
    assert fixed == b"<!-- postlint-disable-next-line XF001 -->\nteh kept\n\nthe fixed\n"


def test_file_mode_is_kept(tmp_path):
    tree = make_tree(tmp_path)
    post = tree / "post.md"
    post.write_bytes(b"teh\n")
    post.chmod(0o640)
    proc = run_process("check", "--fix", "post.md", cwd=tree, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert post.read_bytes() == b"the\n"
    assert post.stat().st_mode & 0o777 == 0o640


def test_fix_through_a_symlink_writes_the_target(tmp_path):
    tree = make_tree(tmp_path)
    (tree / "real.md").write_bytes(b"teh\n")
    os.symlink("real.md", tree / "link.md")
    proc = run_process("check", "--fix", "link.md", cwd=tree, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (tree / "link.md").is_symlink()
    assert (tree / "real.md").read_bytes() == b"the\n"


# --- apply_fixes on its own ---------------------------------------------------------------
@st.composite
def text_and_fixes(draw):
    text = draw(st.text(alphabet="ab\r\n é", max_size=60))
    fixes = []
    for _ in range(draw(st.integers(0, 6))):
        edits = []
        for _ in range(draw(st.integers(1, 3))):
            start = draw(st.integers(0, len(text)))
            end = draw(st.integers(start, len(text)))
            edits.append(Edit(start, end, draw(st.text(alphabet="XY\n", max_size=4))))
        fixes.append(Fix(tuple(edits), "random"))
    return text, fixes


@PROPERTY
@given(text_and_fixes())
def test_apply_fixes_keeps_every_byte_outside_accepted_edits(case):
    text, fixes = case
    fixed, count = apply_fixes(text, fixes)
    assert 0 <= count <= len(fixes)
    # Rebuild the output from the accepted fixes: each fix is all or nothing, accepted edits do
    # not overlap, and every character outside them survives in order.
    accepted = _accepted(text, fixes, count)
    pieces, position = [], 0
    for edit in sorted(accepted, key=lambda e: (e.start, e.end)):
        assert edit.start >= position, "accepted edits overlap"
        pieces += [text[position : edit.start], edit.replacement]
        position = edit.end
    assert "".join([*pieces, text[position:]]) == fixed


def _accepted(text: str, fixes: list[Fix], count: int) -> list[Edit]:
    """Find which fixes were applied by trying them one at a time in the engine's order."""
    accepted: list[Edit] = []
    applied = 0
    for fix in sorted(fixes, key=lambda f: min(e.start for e in f.edits)):
        _, one = apply_fixes(text, [Fix(tuple(accepted), "so far"), fix] if accepted else [fix])
        if one == (2 if accepted else 1):
            accepted.extend(fix.edits)
            applied += 1
    assert applied == count
    return accepted


# --- interrupted writes -------------------------------------------------------------------
def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".postlint-tmp"))


def test_failure_before_rename_leaves_the_original(tmp_path, monkeypatch):
    tree = make_tree(tmp_path)
    post = tree / "post.md"
    original = codecs.BOM_UTF8 + b"teh one  \r\nteh two\r\n"
    post.write_bytes(original)

    def no_rename(src, dst):  # the disk filled up, or the machine lost power, before the rename
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", no_rename)
    ruleset = ConfigResolver(default_registry(), CliOverrides(), cwd=tree).for_directory(tree)
    result = lint_file(post, "post.md", ruleset, FixMode(apply=True))
    assert post.read_bytes() == original
    assert _leftovers(tree) == []
    assert result.fixed == 0
    # Reported even though `select = ["XF"]` leaves PL002 out: a failed write never passes
    # silently, and the findings still in the file are reported, not the in-memory fixed ones.
    messages = [v.message for v in result.violations if v.code == "PL002"]
    assert messages == ["cannot write fixes: No space left on device"]
    assert {v.code for v in result.violations} == {"PL002", "XF001", "XF002"}


def test_interrupt_during_write_leaves_the_original(tmp_path, monkeypatch):
    post = tmp_path / "post.md"
    post.write_bytes(b"original\n")

    def interrupted(fd):  # Ctrl-C while the temporary file is being flushed
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(post, b"new\n", expected=b"original\n")
    assert post.read_bytes() == b"original\n"
    assert _leftovers(tmp_path) == []


def test_file_changed_meanwhile_is_not_overwritten(tmp_path, monkeypatch):
    tree = make_tree(tmp_path)
    post = tree / "post.md"
    post.write_bytes(b"teh\n")
    real_apply = apply_fixes

    def edit_while_fixing(text, fixes, *rest):  # someone saves the post meanwhile
        post.write_bytes(b"teh, edited by a human\n")
        return real_apply(text, fixes, *rest)

    monkeypatch.setattr("postlint.engine.apply_fixes", edit_while_fixing)
    ruleset = ConfigResolver(default_registry(), CliOverrides(), cwd=tree).for_directory(tree)
    result = lint_file(post, "post.md", ruleset, FixMode(apply=True))
    assert post.read_bytes() == b"teh, edited by a human\n"
    assert any("changed while postlint was fixing it" in v.message for v in result.violations)


def _tree_of_posts(folder: Path, count: int) -> dict[Path, tuple[bytes, bytes]]:
    """Posts that need fixes -> (original bytes, expected fixed bytes)."""
    make_tree(folder)
    posts = {}
    for i in range(count):
        newline = NEWLINES[i % 3]
        encoding = sorted(ENCODINGS)[i % 4]
        text = newline.join(f"teh line {n} of post {i}  " for n in range(40 + i))
        path = folder / "posts" / f"post-{i:03d}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(encode(text, encoding))
        posts[path] = (encode(text, encoding), encode(expected_fix(text), encoding))
    return posts


def test_killed_fix_run_leaves_every_file_whole(tmp_path):
    """SIGKILL a real `postlint --fix` at several moments: each post is old or new, never torn."""
    posts = _tree_of_posts(tmp_path, 60)
    for delay in (0.3, 0.6, 0.9):
        for path, (original, _fixed) in posts.items():
            path.write_bytes(original)
        proc = subprocess.Popen(
            [sys.executable, "-m", "postlint", "check", "--fix", "posts"],
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        for path, (original, fixed) in posts.items():
            assert path.read_bytes() in (original, fixed), path.name
    # Temporary files a killed run may leave never look like posts.
    assert not list((tmp_path / "posts").glob("*.md.postlint-tmp"))
    assert all(not p.name.endswith(".md") for p in (tmp_path / "posts").glob(".*"))


def test_two_fix_processes_at_once_leave_files_fixed_or_untouched(tmp_path):
    posts = _tree_of_posts(tmp_path, 80)
    command = [sys.executable, "-m", "postlint", "check", "--fix", "posts"]
    procs = [
        subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    outputs = [proc.communicate(timeout=120) for proc in procs]
    for proc, (_out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode in (0, 1), err.decode()
        assert b"Traceback" not in err
    for path, (original, fixed) in posts.items():
        assert path.read_bytes() in (original, fixed), path.name
    # A clean re-run fixes whatever a "changed meanwhile" refusal left, and nothing is torn.
    proc = run_process("check", "--fix", "posts", cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert all(path.read_bytes() == fixed for path, (_o, fixed) in posts.items())
    assert _leftovers(tmp_path / "posts") == []


# --- the built-in fixable rules, on real posts ----------------------------------------------
CORPUS = Path(__file__).parent / "data" / "corpus"
FIXABLE = [rule.code for rule in default_registry() if rule.fixable]
# Drafting slips the built-in fixable rules are meant to repair, spliced into real posts.
SLIPS = [
    "Here is the complete article:\n\n",
    "\n\nLet me know if you'd like me to expand any section!\n",
    "\n\nI hope this helps! Let me know if you have any questions.\n",
]


@pytest.mark.skipif(not FIXABLE, reason="no fixable rule is registered yet")
@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("*.md")))
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_registered_fixable_rules_are_idempotent_on_real_posts(tmp_path, name, newline):
    text = (CORPUS / name).read_text(encoding="utf-8")
    fm_end = text.find("\n", max(text.find("\n---"), text.find("\n+++")) + 1) + 1
    text = text[:fm_end] + SLIPS[0] + text[fm_end:] + SLIPS[1]
    text = text.replace("\n", newline)
    post = tmp_path / name
    raw = codecs.BOM_UTF8 + text.encode() if newline == "\r\n" else text.encode()
    post.write_bytes(raw)
    ruleset = ConfigResolver(
        default_registry(), CliOverrides(select=FIXABLE), cwd=tmp_path
    ).for_directory(tmp_path)
    result = lint_file(post, name, ruleset, FixMode(apply=True))
    assert not result.internal_error
    fixed = post.read_bytes()
    assert fixed.startswith(codecs.BOM_UTF8) == (newline == "\r\n")  # BOM kept (or not added)
    decoded = Document.from_bytes(post, fixed)
    if newline == "\r\n":
        assert "\n" not in decoded.text.replace("\r\n", ""), "a fix introduced a bare LF"
    else:
        assert "\r" not in decoded.text, "a fix introduced a CR"
    leftover = check_document(decoded, ruleset.active, ruleset, FileResult(path=name))
    assert not [v for v in leftover if v.fix is not None and v.fix.safe], leftover
    second = lint_file(post, name, ruleset, FixMode(apply=True))
    assert post.read_bytes() == fixed
    assert second.fixed == 0

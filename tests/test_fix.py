"""`--fix`, `--unsafe-fixes` and `--diff` from the command line: what is written, what is
reported, and the exit codes. Fixable rules come from a local plugin (tests/data/fix_plugin.py:
TS001 safe, TS002 unsafe) loaded through the `plugins` config key."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from tests.conftest import run_cli, run_process

PLUGIN = Path(__file__).parent / "data" / "fix_plugin.py"
FRONT = "---\ntitle: T\ndate: 2024-01-01\ntags: [x]\n---\n\n"
POST = FRONT + "Hello!!  \nBye.  \nNo!!\n"
SAFE_FIXED = FRONT + "Hello!!\nBye.\nNo!!\n"
ALL_FIXED = FRONT + "Hello!\nBye.\nNo!\n"

# A rule that, like an editor saving the post, rewrites the file while postlint works on it.
MEDDLER = '''
import re
from postlint.model import Edit, Fix
from postlint.rule import Rule


class EditorSavesMeanwhile(Rule):
    """Trailing spaces; and the author saves the file while postlint is fixing it."""

    code = "TS900"
    name = "editor-saves-meanwhile"
    summary = "test rule"
    fixable = "safe"

    def check(self, doc, options):
        if doc.path.read_text(encoding="utf-8") == doc.text:  # first round only
            doc.path.write_text(doc.text + "A line the author added.\\n", encoding="utf-8")
        for m in re.finditer(r" +(?=\\n)", doc.text):
            fix = Fix((Edit(m.start(), m.end(), ""),), "delete trailing spaces")
            yield self.at_offsets(doc, m.start(), m.end(), "trailing spaces", fix=fix)
'''


@pytest.fixture
def blog(tmp_path: Path, write) -> Path:
    write("postlint.toml", 'plugins = ["fix_plugin.py"]\nselect = ["TS"]\n')
    write("fix_plugin.py", PLUGIN.read_text(encoding="utf-8"))
    return tmp_path


def test_fix_applies_safe_fixes_and_says_what_it_fixed(blog: Path, write) -> None:
    post = write("a.md", POST)
    code, out, _ = run_cli("check", "--fix", "a.md", cwd=blog)
    assert post.read_text(encoding="utf-8") == SAFE_FIXED
    assert code == 1  # the unsafe ones remain
    assert "a.md: fixed TS001: delete trailing spaces (x2)" in out
    assert "Fixed 2 violations in 1 file." in out
    assert "a.md:7:6: TS002 [*] [warning] repeated `!`" in out
    assert "TS001" not in out.replace("fixed TS001", "")  # no longer reported
    assert "[*] 2 fixable with `postlint check --fix --unsafe-fixes`." in out

    code, out, _ = run_cli("check", "--fix", "--unsafe-fixes", "a.md", cwd=blog)
    assert post.read_text(encoding="utf-8") == ALL_FIXED
    assert code == 0
    assert "a.md: fixed TS002: keep one `!` (x2)" in out
    assert "All checks passed" in out

    code, out, _ = run_cli("check", "--fix", "--unsafe-fixes", "a.md", cwd=blog)
    assert code == 0 and "Fixed" not in out  # idempotent: nothing left to do


def test_fix_after_a_plain_check_still_fixes(blog: Path, write) -> None:
    """A result remembered from the plain run (the cache) must not stand in for fixing."""
    post = write("a.md", POST)
    assert run_cli("check", "a.md", cwd=blog)[0] == 1
    run_cli("check", "--fix", "a.md", cwd=blog)
    assert post.read_text(encoding="utf-8") == SAFE_FIXED


def test_diff_prints_a_unified_diff_and_writes_nothing(blog: Path, write) -> None:
    post = write("a.md", POST)
    before = post.stat().st_mtime_ns
    code, out, _ = run_cli("check", "--diff", "a.md", cwd=blog)
    assert code == 1
    assert out == (
        "--- a/a.md\n+++ b/a.md\n@@ -4,6 +4,6 @@\n tags: [x]\n ---\n \n"
        "-Hello!!  \n-Bye.  \n+Hello!!\n+Bye.\n No!!\n"
    )
    code, out, _ = run_cli("check", "--diff", "--unsafe-fixes", "a.md", cwd=blog)
    assert code == 1 and "+Hello!\n" in out and "+No!\n" in out
    assert post.read_bytes() == POST.encode("utf-8") and post.stat().st_mtime_ns == before


def test_diff_exits_0_when_nothing_would_change(blog: Path, write) -> None:
    write("a.md", FRONT + "Hello!!\n")  # only an unsafe fix, not asked for
    assert run_cli("check", "--diff", "a.md", cwd=blog) == (0, "", "")


@pytest.mark.parametrize(
    ("label", "encoding", "bom", "newline"),
    [
        ("crlf", "utf-8", b"", "\r\n"),
        ("utf8-bom", "utf-8", codecs.BOM_UTF8, "\n"),
        ("utf8-bom-crlf", "utf-8", codecs.BOM_UTF8, "\r\n"),
        ("utf16-le-bom", "utf-16-le", codecs.BOM_UTF16_LE, "\n"),
        ("cr", "utf-8", b"", "\r"),
    ],
)
def test_fix_keeps_encoding_bom_and_line_endings(
    blog: Path, write, label: str, encoding: str, bom: bytes, newline: str
) -> None:
    post = write("a.md", bom + POST.replace("\n", newline).encode(encoding))
    code, out, _ = run_cli("check", "--fix", "--unsafe-fixes", "a.md", cwd=blog)
    assert code == 0, out
    assert post.read_bytes() == bom + ALL_FIXED.replace("\n", newline).encode(encoding)


def test_fix_does_not_overwrite_a_file_changed_since_it_was_read(blog: Path, write) -> None:
    write("postlint.toml", 'plugins = ["meddler.py"]\nselect = ["TS900"]\n')
    write("meddler.py", MEDDLER)
    post = write("a.md", FRONT + "Hello  \nBye.\n")
    code, out, _ = run_cli("check", "--fix", "a.md", cwd=blog)
    # The author's save wins: postlint wrote nothing, and says so.
    assert post.read_text(encoding="utf-8") == FRONT + "Hello  \nBye.\nA line the author added.\n"
    assert code == 1
    assert "a.md:1:1: PL002" in out and "changed while postlint was fixing it; not written" in out
    assert "a.md:7:6: TS900" in out  # the finding is still in the file, so still reported
    assert "Fixed" not in out and "fixed TS900" not in out


CRASH_AFTER_FIX = '''
from postlint.model import Edit, Fix
from postlint.rule import Rule


class Banana(Rule):
    """Offers to replace banana with apple."""

    code = "XF001"
    name = "banana"
    summary = "banana"
    fixable = "safe"

    def check(self, doc, options):
        at = doc.text.find("banana")
        if at >= 0:
            fix = Fix((Edit(at, at + 6, "apple"),), "banana to apple")
            yield self.at_offsets(doc, at, at + 6, "banana", fix=fix)


class AppleCrash(Rule):
    """Crashes on apples."""

    code = "XF002"
    name = "apple-crash"
    summary = "apple"

    def check(self, doc, options):
        if "apple" in doc.text:
            raise RuntimeError("apples break me")
        return ()
'''


def test_a_rule_crashing_on_the_fixed_text_still_exits_2(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "crash.py").write_text(CRASH_AFTER_FIX, encoding="utf-8")
    (tmp_path / "postlint.toml").write_text('plugins = ["crash.py"]\n', encoding="utf-8")
    (tmp_path / "a.md").write_text("---\ntitle: T\n---\n\nA banana.\n", encoding="utf-8")
    proc = run_process("check", "--no-cache", "--select", "XF", "--fix", "a.md", cwd=tmp_path)
    assert "apple" in (tmp_path / "a.md").read_text(encoding="utf-8")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "PL003" in proc.stdout and "apples break me" in proc.stdout

"""Applying fixes: merge the edits of one file, and write the result atomically."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from postlint.model import Edit, Fix


def apply_fixes(
    text: str, fixes: Iterable[Fix], applied: list[Fix] | None = None
) -> tuple[str, int]:
    """Apply every fix whose edits do not overlap an earlier accepted one.

    A fix is all or nothing. Returns the new text and the number of fixes applied (and appends
    them to ``applied`` when given); fixes that were skipped because of an overlap are picked
    up by the next round (the engine re-lints).
    """
    accepted: list[Edit] = []
    count = 0
    for fix in sorted(fixes, key=lambda f: min((e.start for e in f.edits), default=0)):
        edits = sorted(fix.edits, key=lambda e: (e.start, e.end))
        if not edits or any(not 0 <= e.start <= e.end <= len(text) for e in edits):
            continue
        if any(_overlaps(a, b) for i, a in enumerate(edits) for b in edits[i + 1 :]):
            continue  # a fix whose own edits overlap has no defined result: never apply it
        if any(_overlaps(edit, other) for edit in edits for other in accepted):
            continue
        accepted.extend(edits)
        count += 1
        if applied is not None:
            applied.append(fix)
    if not accepted:
        return text, 0
    pieces = []
    position = 0
    for edit in sorted(accepted, key=lambda e: (e.start, e.end)):
        pieces.append(text[position : edit.start])
        pieces.append(edit.replacement)
        position = edit.end
    pieces.append(text[position:])
    return "".join(pieces), count


def _overlaps(a: Edit, b: Edit) -> bool:
    if a.start == a.end or b.start == b.end:  # insertions conflict only at the same point
        return a.start == b.start or (b.start < a.start < b.end) or (a.start < b.start < a.end)
    return a.start < b.end and b.start < a.end


class FileChangedError(Exception):
    """The file changed on disk between reading and writing; nothing was written."""


def write_atomically(path: Path, data: bytes, expected: bytes | None = None) -> None:
    """Replace ``path`` with ``data`` via a temporary file in the same folder and a rename.

    With ``expected``, refuse (FileChangedError) when the file no longer holds those bytes.
    The file's permission bits are kept. A crash at any point leaves the old or the new file,
    never a truncated one.
    """
    path = Path(path)
    target = path.resolve()  # write through a symlink to the file it points at
    if expected is not None and target.read_bytes() != expected:
        raise FileChangedError(f"{path} changed while postlint was fixing it; not written")
    mode = target.stat().st_mode & 0o7777
    fd, temp_name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".postlint-tmp", dir=target.parent
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, mode)
        if expected is not None and target.read_bytes() != expected:
            raise FileChangedError(f"{path} changed while postlint was fixing it; not written")
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise

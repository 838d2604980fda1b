"""Where a report goes: standard output, or a file replaced in one step."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import TextIO

from graph_service.errors import OutputNotWritten


class ReportNotWritten(OutputNotWritten):
    """The report file could not be written (no such directory, no permission, ...)."""


def write_report(text: str, out: Path | None, stdout: TextIO | None = None) -> None:
    """Write ``text`` to the file ``out``, or to ``stdout`` (``sys.stdout``) when None.

    The file is written next to its final place under a temporary name and then renamed over
    it, so a reader never sees half a report and a failed run leaves any earlier one intact.
    """
    if out is None:
        (stdout or sys.stdout).write(text)
        return
    target = out.expanduser()
    try:
        descriptor, name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
    except OSError as error:
        raise ReportNotWritten(f"cannot write {out}: {error.strerror or error}") from error
    temporary = Path(name)
    try:
        with open(descriptor, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.chmod(_file_mode(target))
        os.replace(temporary, target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise ReportNotWritten(f"cannot write {out}: {error.strerror or error}") from error


def _file_mode(target: Path) -> int:
    """The mode a new file would get (temporary files are private), or the replaced file's."""
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask

"""Where a report goes: standard output, or files replaced in one step."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import BinaryIO

from graph_service.errors import OutputNotWritten
from graph_service.reports.render import Rendered


class ReportNotWritten(OutputNotWritten):
    """The report file could not be written (no such directory, no permission, ...)."""


def report_paths(rendered: Rendered, out: Path) -> list[Path]:
    """Where each file of ``rendered`` goes: ``out`` itself for a report of one file, else
    ``out``'s name with each table's after it (``brokers.csv`` → ``brokers-bridges.csv``).

    Examples
    --------
    >>> from graph_service.reports.render import RenderedFile
    >>> two = Rendered("csv", False, (RenderedFile("holes", b""), RenderedFile("roles", b"")))
    >>> [str(p) for p in report_paths(two, Path("out/brokers.csv"))]
    ['out/brokers-holes.csv', 'out/brokers-roles.csv']
    """
    if len(rendered.files) == 1 and not rendered.files[0].part:
        return [out]
    suffix = out.suffix or f".{rendered.extension}"
    stem = out.name[: -len(out.suffix)] if out.suffix else out.name
    return [out.with_name(f"{stem}-{f.part}{suffix}") for f in rendered.files]


def write_report(
    rendered: Rendered, out: Path | None, stdout: BinaryIO | None = None
) -> list[Path]:
    """Write ``rendered`` to ``out`` (and its siblings, one per table), or to ``stdout``.

    Each file is written next to its final place under a temporary name, and the files are
    renamed over their targets only once all are written, so a reader never sees half a
    report and a failed run leaves any earlier one intact.
    """
    if out is None:
        if len(rendered.files) > 1:
            raise ReportNotWritten(
                f"this report has {len(rendered.files)} tables, one file each: give --out FILE "
                f"and they are written as FILE-<table>.{rendered.extension}"
            )
        stream = stdout or sys.stdout.buffer
        if rendered.binary and stream.isatty():
            raise ReportNotWritten(
                f"a .{rendered.extension} report is not for the terminal: give --out FILE"
            )
        stream.write(rendered.files[0].data)
        stream.flush()
        return []
    targets = [path.expanduser() for path in report_paths(rendered, out)]
    written: list[tuple[Path, Path]] = []
    try:
        for target, file in zip(targets, rendered.files, strict=True):
            written.append((_temporary(target, file.data), target))
        for temporary, target in written:
            os.replace(temporary, target)
    except OSError as error:
        for temporary, _ in written:
            temporary.unlink(missing_ok=True)
        raise ReportNotWritten(f"cannot write {out}: {error.strerror or error}") from error
    return targets


def _temporary(target: Path, data: bytes) -> Path:
    descriptor, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    temporary = Path(name)
    try:
        with open(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.chmod(_file_mode(target))
    except OSError:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def _file_mode(target: Path) -> int:
    """The mode a new file would get (temporary files are private), or the replaced file's."""
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask

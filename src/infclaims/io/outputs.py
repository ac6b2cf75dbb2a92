"""Writing outputs: atomic replacement of whole files, append-only journals in whole lines, and the reader that
ignores the torn last line of a killed run."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import secrets
import stat
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from pydantic import BaseModel

from infclaims.errors import InputError, OutputError
from infclaims.models import dump_record

# --------------------------------------------------------------------------- writing


def _json_default(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return dump_record(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _plain(row: Mapping[str, Any] | BaseModel) -> Any:
    return dump_record(row) if isinstance(row, BaseModel) else row


def _json_line(row: Mapping[str, Any] | BaseModel) -> str:
    # allow_nan=False: NaN is not JSON and would break strict readers of the output
    line = json.dumps(_plain(row), ensure_ascii=False, sort_keys=False, allow_nan=False, default=_json_default)
    return line + "\n"


def _write_error(path: Path, exc: OSError) -> OutputError:
    return OutputError(
        f"cannot write {str(path)!r}: {exc.strerror or exc}; check free space and permissions, or choose "
        "another output directory",
        code="E301",
    )


def _fsync_dir(directory: Path) -> None:
    """Make a rename durable; not every platform lets a directory be opened, so this is best effort."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


class AtomicWriter:
    """Write a text file so that readers see the old content or the complete new content, never a part.

    ``with AtomicWriter(path) as fh: fh.write(...)`` writes to a hidden temporary file in the same directory,
    and on success flushes, fsyncs and ``os.replace``-s it over ``path`` (keeping the old file's permissions).
    On an exception the temporary file is removed, any existing ``path`` is left untouched, and the exception
    propagates. OS errors become :class:`OutputError` E301.
    """

    def __init__(self, path: Path | str, *, encoding: str = "utf-8") -> None:
        self.path = Path(path)
        self.encoding = encoding
        self._tmp: Path | None = None
        self._fh: IO[str] | None = None

    def __enter__(self) -> IO[str]:
        directory = self.path.parent
        for _ in range(100):
            tmp = directory / f".{self.path.name}.{secrets.token_hex(4)}.tmp"
            try:
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            except FileExistsError:
                continue
            except OSError as exc:
                raise _write_error(self.path, exc) from exc
            break
        else:  # pragma: no cover - a hundred random names all taken
            raise OutputError(f"cannot create a temporary file beside {str(self.path)!r}", code="E301")
        try:
            mode = stat.S_IMODE(os.stat(self.path).st_mode)
            os.chmod(tmp, mode)
        except OSError:
            pass  # no old file (or no permission to copy its mode): keep the default mode
        self._tmp = tmp
        self._fh = os.fdopen(fd, "w", encoding=self.encoding, newline="")
        return self._fh

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        fh, tmp = self._fh, self._tmp
        self._fh = self._tmp = None
        if fh is None or tmp is None:
            return
        if exc_type is not None:
            self._discard(fh, tmp)
            return
        try:
            fh.flush()
            os.fsync(fh.fileno())
            fh.close()
            os.replace(tmp, self.path)
        except BaseException as err:
            self._discard(fh, tmp)
            if isinstance(err, OSError):
                raise _write_error(self.path, err) from err
            raise
        _fsync_dir(self.path.parent)

    @staticmethod
    def _discard(fh: IO[str], tmp: Path) -> None:
        with contextlib.suppress(OSError):
            fh.close()
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def write_jsonl_atomic(path: Path, rows: Iterable[Mapping[str, Any] | BaseModel]) -> int:
    """Write ``rows`` as JSON Lines (records via :func:`dump_record`), atomically; returns the number of lines."""
    count = 0
    with AtomicWriter(path) as fh:
        for row in rows:
            fh.write(_json_line(row))
            count += 1
    return count


def write_json_atomic(path: Path, obj: Any) -> None:
    """Write one JSON document (indented, UTF-8, final newline), atomically."""
    text = json.dumps(_plain(obj), ensure_ascii=False, indent=2, allow_nan=False, default=_json_default)
    with AtomicWriter(path) as fh:
        fh.write(text + "\n")


def _is_json_object(data: bytes) -> bool:
    try:
        return isinstance(json.loads(data), dict)
    except (ValueError, RecursionError):
        return False


def _repair_tail(fh: IO[bytes]) -> None:
    """Make the file end with a complete line: finish a whole record, or cut a torn one off."""
    size = fh.seek(0, os.SEEK_END)
    if size == 0:
        return
    fh.seek(size - 1)
    if fh.read(1) == b"\n":
        return
    pos, chunk = size, 65536
    while pos > 0:
        start = max(0, pos - chunk)
        fh.seek(start)
        found = fh.read(pos - start).rfind(b"\n")
        if found != -1:
            cut = start + found + 1
            break
        pos = start
    else:
        cut = 0
    fh.seek(cut)
    if _is_json_object(fh.read(size - cut)):
        fh.seek(size)
        fh.write(b"\n")
    else:
        fh.truncate(cut)


def append_jsonl(path: Path, rows: Iterable[Mapping[str, Any] | BaseModel]) -> int:
    """Append ``rows`` as whole JSON lines, then flush and fsync; returns the number of lines appended.

    Made for resumable runs: call it once per batch. The file is created if missing. A torn last line left by
    a killed run is removed first (or completed with its newline when it is a whole record), so appended lines
    always start on a line of their own. The batch is serialised before anything is written, so a row that
    cannot be serialised writes nothing.
    """
    path = Path(path)
    data = "".join(_json_line(row) for row in rows).encode("utf-8")
    try:
        with open(path, "r+b" if path.exists() else "x+b") as fh:
            _repair_tail(fh)
            fh.seek(0, os.SEEK_END)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        raise _write_error(path, exc) from exc
    return data.count(b"\n")


def read_jsonl_records(path: Path) -> Iterator[dict[str, Any]]:
    """The JSON objects of a JSONL output file, for resuming; a missing file yields nothing.

    A torn last line (a killed run) is ignored. A bad line anywhere else means the file is damaged and raises
    :class:`InputError` E106 naming the line.
    """
    path = Path(path)
    if not path.exists():
        return
    try:
        with open(path, "rb") as fh:
            for lineno, raw in enumerate(fh, start=1):
                complete = raw.endswith(b"\n")
                if not raw.strip():
                    continue
                try:
                    obj = json.loads(raw)
                except (ValueError, RecursionError) as exc:
                    if not complete:
                        return
                    raise InputError(
                        f"line {lineno} of {str(path)!r} is not valid JSON, so the file is damaged; remove that "
                        "line (or the file, and run again without resuming)",
                        code="E106",
                    ) from exc
                if not isinstance(obj, dict):
                    raise InputError(
                        f"line {lineno} of {str(path)!r} is JSON but not an object; the file is not an output of "
                        "this tool or is damaged; remove it and run again without resuming",
                        code="E106",
                    )
                yield obj
    except OSError as exc:
        raise InputError(f"{str(path)!r} cannot be read: {exc.strerror or exc}", code="E105") from exc


def ensure_writable_dir(path: Path) -> None:
    """Create ``path`` (and its parents) if needed and prove it is writable by creating and removing a file.

    Raises :class:`OutputError` E301 with the reason; call it before any work starts.
    """
    path = Path(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as exc:
        raise OutputError(
            f"output directory {str(path)!r} cannot be created: it or one of its parents is an existing file; "
            "choose another output directory or move the file",
            code="E301",
        ) from exc
    except OSError as exc:
        raise OutputError(
            f"output directory {str(path)!r} cannot be created: {exc.strerror or exc}; choose a directory you can "
            "write to",
            code="E301",
        ) from exc
    try:
        fd, probe = tempfile.mkstemp(dir=path, prefix=".write-check-")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise OutputError(
            f"output directory {str(path)!r} is not writable: {exc.strerror or exc}; fix its permissions or choose "
            "another output directory",
            code="E301",
        ) from exc


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Binary sibling of :class:`AtomicWriter`: readers see the old file or the complete new one."""
    path = Path(path)
    tmp = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"
    try:
        with open(tmp, "xb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise _write_error(path, exc) from exc
    _fsync_dir(path.parent)


def remove_files(directory: Path, names: Iterable[str]) -> None:
    """Delete the named files of a scratch directory, then the directory if it is empty (missing ones are fine)."""
    for name in names:
        with contextlib.suppress(FileNotFoundError):
            (directory / name).unlink()
    with contextlib.suppress(FileNotFoundError, OSError):
        directory.rmdir()

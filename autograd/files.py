"""Writing files so that nothing is ever half written: :func:`atomic_path` and :func:`atomic_write`.

Opening a file for writing empties it at once; a Ctrl-C, a crash or a full disk before
the last byte then leaves an empty or cut-off file where a good one used to be. Every
file chainrule writes (saved models, stepper pages, demo pictures) therefore goes
through this module, which writes a temporary file in the same folder, flushes it to
the disk (``fsync``) and only then puts it in place with :func:`os.replace`, a single
step on every operating system. If anything fails before that step, including a
KeyboardInterrupt, the temporary file is removed and the old file is left exactly as it
was. Only a regular file (or a new one) is written: a folder, a named pipe, a device or
a stream such as ``/dev/stdout`` is refused, since the rename would replace it by a
regular file. Errors name the file asked for, never the temporary one. Standard library
only, so that :mod:`autograd` keeps no dependencies.

Use :func:`atomic_write` for data in hand, and :func:`atomic_path` for a tool that
writes to a file name itself (matplotlib's ``savefig``)::

    atomic_write("graph.svg", svg_bytes)
    with atomic_path("picture.png") as temporary:
        figure.savefig(temporary, format="png")
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
from pathlib import Path
from typing import Iterator, Optional, Union

from autograd.notation import quoted

PathLike = Union[str, "os.PathLike[str]"]

_BINARY = getattr(os, "O_BINARY", 0)
"""Windows opens files in text mode (newlines translated) unless told otherwise."""


_NOT_FILES = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device (such as a terminal or /dev/null)"),
    (stat.S_ISBLK, "a block device (a disk)"),
    (stat.S_ISSOCK, "a socket"),
)
_STREAM = re.compile(r"/proc/[^/]+/fd/|/dev/fd/|/dev/std(in|out|err)$")
"""A path that names one of a process's open streams (``/dev/stdout``, ``/proc/self/fd/1``)."""


def _shown(name: str) -> str:
    """A file name in a message: whole, unless absurdly long (a name the system refuses as too long)."""
    return quoted(name, 300)


def _filename(name: str) -> tuple[str, ...]:
    """The error's ``filename``, which ``str(error)`` repeats after the message: left out for
    a name too long to repeat (the message quotes a bounded piece of it)."""
    return (name,) if len(name) <= 300 else ()


def _name(path: PathLike) -> str:
    """``path`` as a ``str`` (bytes are decoded as the system does); an empty name, which names no
    file, is a FileNotFoundError and a NUL character, which no file name may hold, a ValueError."""
    name = os.fsdecode(path)
    if not name:
        raise FileNotFoundError(errno.ENOENT, "cannot write '': an empty name names no file; give one")
    if "\0" in name:
        raise ValueError(f"cannot write {_shown(name)}: a file name cannot hold a NUL character (\\0)")
    return name


def not_a_file(path: PathLike) -> Optional[str]:
    """What ``path`` is when it exists but is neither a regular file nor a folder (``"a named pipe
    (FIFO)"``, ``"a device ..."``), else None. A reader asks first: opening a pipe with no writer
    waits for ever, and a device such as ``/dev/zero`` never ends."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    return next((what for is_kind, what in _NOT_FILES if is_kind(mode)), None)


def _refuse(path: str, what: str) -> OSError:
    return OSError(errno.EINVAL, f"cannot write {_shown(path)}: it {what}, not a regular file. chainrule "
                   "writes regular files only, each as a new file renamed into place (which would put a "
                   "regular file where this one is); give the name of a regular file or a new one, and copy "
                   "it from there if it must go elsewhere", *_filename(path))


def _target(path: PathLike) -> str:
    """The file to replace: ``path`` with symbolic links followed (writing through a link updates
    the file it points to, and leaves the link alone). Refused unless it is a regular file or
    a new one: a folder, a named pipe, a device or a stream such as ``/dev/stdout`` would be
    replaced by the renamed file, the reader at its other end getting nothing."""
    name = _name(path)
    try:
        mode: Optional[int] = os.stat(name).st_mode  # follows links, /proc/self/fd's included
    except OSError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, f"cannot write {_shown(name)}: it is a folder; "
                                "give the name of a file inside it", *_filename(name))
    target = os.path.realpath(name)
    stream = any(_STREAM.match(p) for p in (os.path.abspath(name), target))
    what = next((what for is_kind, what in _NOT_FILES if mode is not None and is_kind(mode)), None)
    if stream and mode is None:
        raise _refuse(name, "names a stream of this process (a file descriptor) that is not open")
    if what:
        raise _refuse(name, f"names a stream of this process (like standard output), here {what}"
                      if stream else f"is {what}")
    return target


def writable(path: PathLike) -> str:
    """The file :func:`atomic_write` would replace for ``path`` (links followed), or the error it
    would raise for an empty path, a folder, a named pipe, a device or a stream: to check every
    file of a set before writing the first."""
    return _target(path)


def _naming(error: OSError, path: PathLike) -> OSError:
    """``error``, which named the temporary file, naming the file asked for instead."""
    name = os.fsdecode(path)
    why = error.strerror or str(error)
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why += (f" in the folder {_shown(os.path.dirname(os.path.abspath(name)))} (a file is saved as a new "
                "file beside it, then renamed into place, so its folder must be writable)")
    return type(error)(error.errno, f"cannot write {_shown(name)}: {why}", *_filename(name))


def _create_temporary(target: str, path: PathLike) -> str:
    """A new empty file beside ``target``, named ``.<name>.<random>.tmp<suffix>`` (the suffix kept,
    for tools that tell the format by it), with the permissions ``open`` would give a new file
    (or those of the file it will replace). Errors name ``path``, the file asked for."""
    folder, name = os.path.split(target)
    suffix = Path(name).suffix
    while True:
        temporary = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.tmp{suffix}")
        try:
            os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o666))
        except FileExistsError:
            continue
        except FileNotFoundError:
            if os.path.isdir(folder):  # a folder such as /proc, where no file can be made
                raise _naming(FileNotFoundError(errno.ENOENT, "no file can be created there"), path) from None
            name = os.fsdecode(path)
            raise FileNotFoundError(errno.ENOENT, f"cannot write {_shown(name)}: the folder {_shown(folder)} "
                                    "does not exist; create it first", *_filename(name)) from None
        except OSError as error:
            raise _naming(error, path) from None
        with contextlib.suppress(OSError):  # an existing file keeps its permissions
            os.chmod(temporary, stat.S_IMODE(os.stat(target).st_mode))
        return temporary


def _fsync_file(path: str) -> None:
    """Flush ``path``'s data to the disk, so that the rename never publishes a file still in memory."""
    fd = os.open(path, os.O_RDWR | _BINARY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: str) -> None:
    """Flush the folder's entry for the renamed file (POSIX); skipped where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_path(path: PathLike) -> Iterator[str]:
    """A temporary file name beside ``path`` to write to; ``path`` is replaced by it at the end.

    The body of the ``with`` writes the whole file to the name it is given (it exists,
    empty, and ends in the same suffix as ``path``). When the body finishes, the file is
    flushed to the disk and renamed over ``path`` in one step. When the body raises
    anything (an OSError such as a full disk, a KeyboardInterrupt), the temporary file
    is deleted and the exception goes on: ``path`` keeps its old contents, byte for byte,
    or stays absent.
    """
    target = _target(path)
    temporary = _create_temporary(target, path)
    try:
        yield temporary
        _fsync_file(temporary)
        os.replace(temporary, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.remove(temporary)
        if isinstance(error, OSError) and temporary in (error.filename, error.filename2):
            raise _naming(error, path) from None  # the user never asked for the temporary file
        raise
    _fsync_folder(os.path.dirname(target))


def _write_all(fd: int, data: bytes) -> None:
    """Write every byte of ``data`` to ``fd`` (``os.write`` may write only part of it at a time)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def atomic_write(path: PathLike, data: Union[str, bytes], encoding: str = "utf-8",
                 errors: Optional[str] = None) -> PathLike:
    """Write ``data`` (text, encoded with ``encoding`` and ``errors`` as :func:`open` would, or
    bytes) to ``path`` through :func:`atomic_path`; returns ``path``.

    Either the whole of ``data`` ends up in ``path``, or (on any failure, a
    KeyboardInterrupt included) the old file stays as it was and no temporary file is left.
    """
    if isinstance(data, str):
        data = data.encode(encoding, errors or "strict")
    elif not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"atomic_write: data must be str or bytes, got {type(data).__name__}")
    with atomic_path(path) as temporary:
        fd = os.open(temporary, os.O_WRONLY | os.O_TRUNC | _BINARY)
        try:
            _write_all(fd, bytes(data))
        finally:
            os.close(fd)
    return path

"""autograd.files: a file is either replaced whole or left as it was, whatever goes wrong while writing.

A failure in the middle of a write is simulated by letting ``os.write`` write part of the
data and then raise, as a full disk (ENOSPC) or a Ctrl-C (KeyboardInterrupt) would.
"""

import errno
import os
import stat
from pathlib import Path
from unittest import mock

import pytest

import autograd
from autograd import Value
from autograd.files import atomic_path, atomic_write
from autograd.tutor.stepper import Stepper

OLD = b"the old contents\n" * 100
NEW = b"the new contents\n" * 1000


def fail_after_part(error: BaseException):
    """A stand-in for ``os.write`` that writes half of what it is given, then raises ``error``."""
    real_write = os.write

    def write(fd, data):
        real_write(fd, bytes(data[: len(data) // 2]))
        raise error

    return mock.patch("os.write", side_effect=write)


@pytest.fixture
def old_file(tmp_path) -> Path:
    path = tmp_path / "data.json"
    path.write_bytes(OLD)
    return path


def test_atomic_write_replaces_an_existing_file_with_the_whole_data(old_file):
    atomic_write(old_file, NEW)
    assert old_file.read_bytes() == NEW
    assert os.listdir(old_file.parent) == ["data.json"]


def test_a_full_disk_mid_write_leaves_the_old_file_byte_for_byte(old_file):
    with fail_after_part(OSError(errno.ENOSPC, "No space left on device")), pytest.raises(OSError):
        atomic_write(old_file, NEW)
    assert old_file.read_bytes() == OLD


def test_a_keyboard_interrupt_mid_write_leaves_the_old_file_and_no_temporary_file(old_file):
    with fail_after_part(KeyboardInterrupt()), pytest.raises(KeyboardInterrupt):
        atomic_write(old_file, NEW)
    assert old_file.read_bytes() == OLD
    assert os.listdir(old_file.parent) == ["data.json"]


def test_a_failed_write_of_a_new_file_leaves_no_file_at_all(tmp_path):
    with fail_after_part(OSError(errno.ENOSPC, "No space left on device")), pytest.raises(OSError):
        atomic_write(tmp_path / "new.json", NEW)
    assert os.listdir(tmp_path) == []


def test_text_is_encoded_with_the_encoding_and_errors_handler_given(tmp_path):
    path = atomic_write(tmp_path / "page.html", "é \ud800", encoding="utf-8", errors="backslashreplace")
    assert path.read_bytes() == "é \\ud800".encode()


def test_atomic_path_gives_a_fresh_name_in_the_same_folder_with_the_same_suffix(old_file):
    with atomic_path(old_file) as temporary:
        assert Path(temporary).parent == old_file.parent
        assert temporary.endswith(".json") and Path(temporary) != old_file
        Path(temporary).write_bytes(NEW)
        assert old_file.read_bytes() == OLD  # not yet replaced
    assert old_file.read_bytes() == NEW


def test_atomic_path_removes_its_temporary_file_when_the_writer_raises(old_file):
    with pytest.raises(KeyboardInterrupt), atomic_path(old_file) as temporary:
        Path(temporary).write_bytes(NEW[:100])
        raise KeyboardInterrupt
    assert old_file.read_bytes() == OLD
    assert os.listdir(old_file.parent) == ["data.json"]


def test_writing_through_a_symbolic_link_updates_the_file_it_points_to(old_file):
    link = old_file.parent / "link.json"
    link.symlink_to(old_file)
    atomic_write(link, NEW)
    assert link.is_symlink() and old_file.read_bytes() == NEW


def test_a_replaced_file_keeps_its_permissions(old_file):
    old_file.chmod(0o640)
    atomic_write(old_file, NEW)
    assert stat.S_IMODE(old_file.stat().st_mode) == 0o640


def test_a_new_file_gets_the_permissions_open_would_give_it(tmp_path):
    (tmp_path / "by_open").write_bytes(b"")
    atomic_write(tmp_path / "by_atomic_write", b"")
    modes = {stat.S_IMODE((tmp_path / name).stat().st_mode) for name in ("by_open", "by_atomic_write")}
    assert len(modes) == 1


def test_writing_to_a_folder_says_it_is_a_folder(tmp_path):
    with pytest.raises(IsADirectoryError, match="it is a folder; give the name of a file"):
        atomic_write(tmp_path, NEW)



def test_writing_into_a_missing_folder_names_the_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="the folder .*missing.* does not exist"):
        atomic_write(tmp_path / "missing" / "data.json", NEW)


def test_a_stepper_page_saved_over_an_old_one_is_kept_whole_when_the_disk_fills(tmp_path, requires_dot):
    page = tmp_path / "steps.html"
    page.write_bytes(OLD)
    stepper = Stepper(Value(2.0, label="a") * 3.0)
    html = stepper.html()  # made now: Graphviz, run while os.write fails, would fail on its own
    with mock.patch.object(Stepper, "html", return_value=html), pytest.raises(OSError), \
            fail_after_part(OSError(errno.ENOSPC, "No space left on device")):
        stepper.save(page)
    assert page.read_bytes() == OLD
    assert os.listdir(tmp_path) == ["steps.html"]


# only regular files are replaced ---------------------------------------------------------------
@pytest.fixture
def fifo(tmp_path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("named pipes are made with os.mkfifo (POSIX)")
    path = tmp_path / "sink"
    os.mkfifo(path)
    return path


def test_writing_onto_a_named_pipe_is_refused_and_keeps_the_pipe(fifo):
    with pytest.raises(OSError, match=r"sink.*: it is a named pipe \(FIFO\), not a regular file"):
        atomic_write(fifo, NEW)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert os.listdir(fifo.parent) == ["sink"]


def test_a_named_pipe_reached_through_a_link_is_refused_too(fifo):
    link = fifo.parent / "link"
    link.symlink_to(fifo)
    with pytest.raises(OSError, match="named pipe"):
        atomic_write(link, NEW)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_every_writer_refuses_a_named_pipe(fifo, requires_dot):
    import nn

    with pytest.raises(OSError, match="named pipe"):
        nn.MLP(2, [2, 1], random_state=0).save(fifo)
    with pytest.raises(OSError, match="named pipe"):
        Stepper(Value(2.0, label="a") * 3.0).save(fifo)
    with pytest.raises(OSError, match="named pipe"):
        autograd.draw_dot(Value(2.0, label="a") * 3.0).render(outfile=fifo, format="svg")
    with pytest.raises(OSError, match="named pipe"), atomic_path(fifo):
        pass
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_writing_onto_a_device_node_is_refused_and_keeps_it(tmp_path):
    device = tmp_path / "null"
    try:  # the harmless kind: a character device of /dev/null's numbers, inside tmp_path
        os.mknod(device, stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except (PermissionError, AttributeError):
        pytest.skip("making a device node needs root (and POSIX)")
    with pytest.raises(OSError, match="it is a device"):
        atomic_write(device, NEW)
    assert stat.S_ISCHR(os.stat(device).st_mode)


def test_writing_to_a_stream_of_the_process_says_it_is_a_stream(fifo):
    fd = os.open(fifo, os.O_RDWR)  # a pipe open on a file descriptor, as a redirected stdout is
    try:
        with pytest.raises(OSError, match="names a stream of this process .*here a named pipe"):
            atomic_write(f"/dev/fd/{fd}", NEW)
    finally:
        os.close(fd)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_writing_to_a_file_descriptor_that_is_not_open_says_so():
    with pytest.raises(OSError, match="a stream of this process .*that is not open"):
        atomic_write("/proc/self/fd/987654", NEW)


# errors name the file asked for ------------------------------------------------------------------
def test_a_folder_where_files_cannot_be_made_names_the_file_asked_for(tmp_path):
    real_open = os.open

    def refuse(path, flags, *args):
        if ".tmp" in os.fspath(path):
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_open(path, flags, *args)

    with mock.patch("os.open", side_effect=refuse), pytest.raises(PermissionError) as caught:
        atomic_write(tmp_path / "model.json", NEW)
    assert caught.value.filename == str(tmp_path / "model.json")
    assert ".tmp" not in str(caught.value) and "model.json" in str(caught.value)
    assert "Permission denied" in str(caught.value) and "folder" in str(caught.value)
    assert os.listdir(tmp_path) == []


def test_a_failed_rename_names_the_file_asked_for_and_leaves_no_temporary_file(old_file):
    def refuse(source, target):
        raise PermissionError(errno.EACCES, "Permission denied", source, target)

    with mock.patch("os.replace", side_effect=refuse), pytest.raises(PermissionError) as caught:
        atomic_write(old_file, NEW)
    assert caught.value.filename == str(old_file) and ".tmp" not in str(caught.value)
    assert old_file.read_bytes() == OLD and os.listdir(old_file.parent) == ["data.json"]


def test_a_path_given_as_bytes_is_written_as_the_system_decodes_it(tmp_path):
    atomic_write(os.fsencode(tmp_path / "model.json"), "{}")
    assert (tmp_path / "model.json").read_text() == "{}"


def test_an_empty_name_is_refused_as_naming_no_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match=r"^\[Errno 2\] cannot write '': an empty name names no file"):
        atomic_write("", "x")
    assert list(tmp_path.iterdir()) == []


def test_a_name_holding_a_nul_character_is_a_value_error_naming_it(tmp_path):
    with pytest.raises(ValueError, match=r"cannot write .*a\\x00b.: a file name cannot hold a NUL character"):
        atomic_write(f"{tmp_path}/a\0b", "x")


def test_a_name_too_long_for_the_system_is_quoted_in_a_bounded_piece(tmp_path):
    with pytest.raises(OSError) as raised:
        atomic_write(tmp_path / ("n" * 1_000_000), "x")
    assert "cannot write" in str(raised.value) and len(str(raised.value)) < 1000

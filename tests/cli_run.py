"""Running the ``castwire`` command in the test process, for tests whose subject is what a
command says (its line on stderr, its exit status, its output), not the process around it.

:func:`castwire` calls the function the ``castwire`` console script calls
(``pipeline.entry:main``, see pyproject's ``[project.scripts]``) with the given arguments as
``sys.argv``, standard streams of its own, and the given environment and folder, and reads the
exit status from the ``SystemExit`` it ends with: what a ``castwire`` process does, without
paying a second or more of imports per command. Any other exception leaving the entry point is
what a process would have printed as a traceback: it fails the test.

What a command may change in the process is put back afterwards (environment, folder, logging
handlers, signal handlers, ``sys.argv`` and the standard streams), and what it must not leave
behind fails the test: a click context still current, a thread still running, a database
connection left open (collected here, its ResourceWarning is an error under pytest's
``filterwarnings = error``).

Keep a real process (``subprocess``) where the process is the subject: standard output closed or
its reader gone, signals, the import cost of starting, ``python -m`` entry points.
"""

from __future__ import annotations

import gc
import io
import logging
import os
import signal
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import click

#: The signals a command may handle while it runs (the scheduler, a worker, the entry point).
_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGPIPE, signal.SIGALRM)


@dataclass(frozen=True)
class Ran:
    """How a command ended, as :class:`subprocess.CompletedProcess` gives it with ``text=True``."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str


def castwire(*args: str, env: Mapping[str, str] | None = None, cwd: Path | None = None) -> Ran:
    """``castwire *args`` run in this process; ``env`` replaces the whole environment, as
    ``subprocess.run(env=...)`` does (default: this process's)."""
    stdout, stderr = _stream(), _stream()
    threads = set(threading.enumerate())
    with _environment(env), _folder(cwd), _own_logging(), _signals_put_back(), \
            _standard_streams(["castwire", *args], stdout, stderr):
        from pipeline.entry import main

        try:
            main()
            returncode = 0  # the entry point returned: the interpreter would exit with 0
        except SystemExit as exit_:
            returncode = _status(exit_.code, stderr)
        except Exception as exc:  # a process would print it as a traceback
            raise AssertionError(f"castwire {' '.join(args)}: an exception escaped the entry point "
                                 f"(a traceback in a process); stderr so far: {_text(stderr)!r}") from exc
    assert click.get_current_context(silent=True) is None, "a click context was left current"
    gc.collect()  # an engine or connection left open warns now (ResourceWarning), in this test
    left = [thread for thread in threading.enumerate() if thread not in threads and thread.is_alive()
            and not thread.daemon]
    assert left == [], f"castwire {' '.join(args)} left threads running: {left}"
    return Ran(args, returncode, _text(stdout), _text(stderr))


def _stream() -> io.TextIOWrapper:
    """A text stream over bytes, as a pipe is: commands writing bytes to ``.buffer`` work."""
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict", write_through=False)


def _text(stream: io.TextIOWrapper) -> str:
    stream.flush()
    data = stream.buffer.getvalue()  # type: ignore[attr-defined]
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8").read()  # universal newlines, as text=True


def _status(code: object, stderr: io.TextIOWrapper) -> int:
    """The exit status the interpreter gives for ``SystemExit(code)``."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=stderr)
    return 1


@contextmanager
def _environment(env: Mapping[str, str] | None) -> Iterator[None]:
    saved = dict(os.environ)
    if env is not None:
        os.environ.clear()
        os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


@contextmanager
def _folder(cwd: Path | None) -> Iterator[None]:
    saved = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        yield
    finally:
        os.chdir(saved)


@contextmanager
def _own_logging() -> Iterator[None]:
    """The root logger as a new process has it (no handler: ``logging.basicConfig`` in the
    command sends its records to the command's stderr), pytest's handlers back afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    root.handlers.clear()
    root.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for handler in root.handlers:
            if handler not in handlers:
                handler.close()
        root.handlers[:] = handlers
        root.setLevel(level)


@contextmanager
def _signals_put_back() -> Iterator[None]:
    saved = {signum: signal.getsignal(signum) for signum in _SIGNALS}
    try:
        yield
    finally:
        for signum, handler in saved.items():
            if signal.getsignal(signum) is not handler:
                signal.signal(signum, handler)


@contextmanager
def _standard_streams(argv: list[str], stdout: io.TextIOWrapper, stderr: io.TextIOWrapper) -> Iterator[None]:
    """``sys.argv`` and the standard streams of the command; standard input is empty (as
    /dev/null: the tests' processes read none)."""
    saved = sys.argv, sys.stdin, sys.stdout, sys.stderr
    sys.argv, sys.stdin, sys.stdout, sys.stderr = argv, io.TextIOWrapper(io.BytesIO(b"")), stdout, stderr
    try:
        yield
    finally:
        sys.argv, sys.stdin, sys.stdout, sys.stderr = saved

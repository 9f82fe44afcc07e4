"""The ``castwire`` command's entry point.

Importing the command line takes a moment (the library a command wraps is imported when the
command runs: see ``pipeline.cli``). A Ctrl-C or SIGTERM that comes meanwhile ends it
with the one line a later one gives ("castwire: aborted", "castwire: terminated") and the
exit status of that signal, where Python would print a KeyboardInterrupt traceback or die
without a word. This module imports nothing heavy, so that holds from the start.
"""

from __future__ import annotations

import signal
import sys

_SAID = {signal.SIGINT: "castwire: aborted", signal.SIGTERM: "castwire: terminated"}


def _stopped_while_starting(signum: int, _frame: object) -> None:
    print(_SAID[signal.Signals(signum)], file=sys.stderr)
    raise SystemExit(128 + signum)


def main() -> None:
    previous = {signum: signal.signal(signum, _stopped_while_starting) for signum in _SAID}
    from pipeline.cli import main as run  # the moment this module is here for

    for signum, handler in previous.items():
        signal.signal(signum, handler)
    run()

"""Progress for long commands: a live bar in a terminal, silence otherwise.

``crawl``, ``demo`` and ``export`` report progress on the stderr console only
when it is attached to a terminal, so logs, pipes and cron mails stay clean.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)


class Tracker:
    """Counts work done; prints notes above the bar. Does nothing off a terminal."""

    def __init__(self, progress: Progress | None = None, task: TaskID | None = None) -> None:
        self._progress = progress
        self._task = task

    @property
    def live(self) -> bool:
        return self._progress is not None

    def advance(self, amount: int = 1) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, amount)

    def note(self, message: str) -> None:
        if self._progress is not None:
            self._progress.console.print(message, highlight=False)


@contextmanager
def track(console: Console, description: str, total: int | None = None) -> Iterator[Tracker]:
    """A progress bar (``total`` known) or live counter on ``console`` if it is a terminal."""
    if not console.is_terminal or console.quiet:
        yield Tracker()
        return
    columns = [SpinnerColumn(), TextColumn("{task.description}")]
    columns += [BarColumn(), MofNCompleteColumn()] if total is not None else [
        TextColumn("{task.completed}")]
    columns.append(TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        yield Tracker(progress, progress.add_task(description, total=total))

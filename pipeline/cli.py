"""The ``castwire`` command: thin wrappers over library functions.

Each subcommand lives in ``pipeline/commands/``; this module builds the group
and turns user errors into one line on stderr with exit status 1.

Starting must stay fast (``castwire --help``, ``castwire db current``, every scripted call):
the command modules import at their top only what builds the parser (click, rich,
``pipeline.cli_support``, ``pipeline.choices``); the library a command wraps (the analysis
stack, SQLAlchemy models, Alembic, the crawl machinery) is imported in the command's body.
"""

from __future__ import annotations

import logging
import os
import select
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from pipeline.cli_support import ClosedStdout, Context
from pipeline.commands import COMMANDS
from pipeline.config import Settings
from pipeline.errors import ReaderGone, Terminated, UserError, error_line, terminated_by_sigterm
from storage.errors import DatabaseError

#: The commands that run crawls or the scheduler: the only ones that read their settings.
RUNNING_COMMANDS = frozenset({"crawl", "schedule", "worker"})


class CastwireGroup(click.Group):
    """The top-level group: an option of its own given after a command (``castwire stories
    --db URL``) gets a hint to move it, where click would only say "No such option"; a reader
    of standard output that stops early ends any command alike (:func:`_reader_may_stop`)."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        if sys.stdout is None:  # started with standard output closed (`>&-`): writing there is an error
            sys.stdout = ClosedStdout()
        return super().main(*args, **kwargs)

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        with _reader_may_stop():  # --help and --version print while the command line is read
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> object:
        try:
            with _reader_may_stop():
                result = super().invoke(ctx)
                sys.stdout.flush()  # what is still buffered is written while the reader may be gone
                return result
        except click.NoSuchOption as exc:
            option = next((p for p in self.params if exc.option_name in (*p.opts, *p.secondary_opts)), None)
            if not isinstance(option, click.Option) or option.is_eager or exc.ctx is None:
                raise  # --version after a command is no option to move: it would only print the version
            value = "" if option.is_flag or option.count else f" {option.make_metavar(ctx)}"
            command = exc.ctx.command_path.removeprefix(ctx.command_path).strip()
            raise click.NoSuchOption(
                exc.option_name,
                f"No such option {exc.option_name!r}: it is an option of castwire itself, given before "
                f"the command (castwire {exc.option_name}{value} {command} …)",
                exc.possibilities, exc.ctx,
            ) from None


STDOUT = 1  # the process's standard output, whatever object sys.stdout is

#: The status of a command whose standard output's reader stopped before the end (``| head``):
#: a process that SIGPIPE ended (128 + 13), as other command-line tools end there.
READER_GONE = 141


@contextmanager
def _reader_may_stop() -> Iterator[None]:
    """The reader of standard output, or of an ``--out`` pipe, stopping before the end (``| head
    -1``, a crashed uploader) ends the command quietly with :data:`READER_GONE`, whatever wrote
    there: a command, rich (:class:`~pipeline.cli_support.StdoutConsole`), click's --help or
    --version. Not 0: under ``set -o pipefail`` an incomplete output never passes for a complete
    one. Another broken pipe (a socket, a child process) is an error with its line."""
    try:
        yield
    except ReaderGone:
        _stdout_to_devnull_if_gone()
        raise click.exceptions.Exit(READER_GONE) from None
    except BrokenPipeError as exc:
        if not _stdout_to_devnull_if_gone():
            raise UserError(f"a connection or a program castwire wrote to went away: {exc.strerror or exc}") from None
        raise click.exceptions.Exit(READER_GONE) from None


def _stdout_to_devnull_if_gone() -> bool:
    """Whether standard output's reader has gone (a pipe without reader polls as an error);
    if so, what is still buffered for it goes to /dev/null (else it would fail again when Python
    flushes it at exit)."""
    poller = select.poll()
    poller.register(STDOUT, select.POLLOUT)
    if not any(events & (select.POLLERR | select.POLLHUP) for _, events in poller.poll(0)):
        return False
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, STDOUT)
    os.close(devnull)
    return True


@click.group(cls=CastwireGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version("castwire"), prog_name="castwire")
@click.option("--db", "database_url", metavar="URL", help="Database URL (default: $DATABASE_URL or a SQLite file in the user data folder).")
@click.option("--sources", "sources_file", metavar="FILE", type=click.Path(path_type=Path), help="Sources catalogue (TOML) replacing the default.")
@click.option("-v", "--verbose", count=True, help="More logging (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors.")
@click.pass_context
def cli(ctx: click.Context, database_url: str | None, sources_file: Path | None, verbose: int, quiet: bool) -> None:
    """castwire: casting and release news for K-dramas, J-dramas and streaming shows."""
    level = logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    if sources_file is not None:  # a mistyped --sources is an error for every command, not only those reading it
        from pipeline.sources import read_sources_file

        read_sources_file(sources_file)
    running = ctx.invoked_subcommand in RUNNING_COMMANDS
    settings = Settings.from_env(running=running).with_overrides(database_url=database_url, sources_file=sources_file)
    # piped or logged: no hard wrapping at 80 columns (a URL or an error stays on its line)
    ctx.obj = Context(settings, Console(stderr=True, quiet=quiet, soft_wrap=not sys.stderr.isatty()),
                      verbosity=-1 if quiet else min(verbose, 2))
    ctx.call_on_close(ctx.obj.close)


for command in COMMANDS:
    cli.add_command(command)


def main() -> None:
    """Entry point: user errors become one line on stderr and exit status 1; SIGTERM, where the
    command has no handler of its own, ends it as Ctrl-C does, with one line ("castwire:
    terminated") and status 143, what it was writing undone, where it would die without a word."""
    try:
        with terminated_by_sigterm():
            code = cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("castwire: aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except (UserError, DatabaseError) as exc:
        click.echo(error_line(exc), err=True)
        sys.exit(1)
    except Terminated:
        click.echo("castwire: terminated", err=True)
        sys.exit(143)  # 128 + SIGTERM, as a process the signal ended
    sys.exit(code if isinstance(code, int) else 0)

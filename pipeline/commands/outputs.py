"""castwire digest / watch / export / feed / calendar: thin wrappers over
pipeline.digest, pipeline.watch, pipeline.export, pipeline.feeds_out and pipeline.mailer."""

from __future__ import annotations

import os
import re
import secrets
import stat
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import IO, TYPE_CHECKING
from urllib.parse import urlsplit

import click

from pipeline.choices import DIGEST_FORMATS, EXPORT_FORMATS, EXPORT_WHATS
from pipeline.choices import WATCH_KINDS as KINDS
from pipeline.cli_support import (
    Context,
    not_blank,
    parse_when,
    pass_context,
    standard_output,
)
from pipeline.errors import ReaderGone, UserError, checked_year, terminated_by_sigterm

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from pipeline.digest import PreparedDigest

OUTPUT_BUFFER = 1 << 20

#: What RFC 3987 does not allow in an IRI (control characters aside, which is_web_address refuses as space).
_NOT_IN_AN_IRI = re.compile(r'[<>"{}|\\^`\x00-\x1f\x7f]')


@contextmanager
def _file_output(out: str) -> Iterator[IO[bytes]]:
    """Write (bytes) to a temporary file of its own beside ``out`` (``.<name>.<random>.partial``:
    two runs writing the same file never share one) and rename it over ``out`` only when
    everything was written. What is there and is no regular file (a named pipe, a device such
    as /dev/stdout or /dev/null, or a link to one) is written into as it is: renaming over it
    would put a file in its place, and a reader of the pipe would get nothing."""
    target = Path(out)
    if target.is_dir():
        raise UserError(f"cannot write {out}: it is a folder (give a file name)")
    try:
        mode = os.stat(out).st_mode
    except OSError:  # nothing there yet (or a dangling link, whose file is made)
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        with _stream_output(out) as handle:
            yield handle
        return
    target = target.resolve() if target.is_symlink() else target  # the file a link names is written
    partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}.partial")
    try:  # created new (never another run's), with the permissions the umask gives any new file
        handle = os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), "wb",
                           buffering=OUTPUT_BUFFER)
    except OSError as exc:
        raise UserError(f"cannot write {out}: {exc.strerror or exc}") from None
    try:
        with handle, terminated_by_sigterm():
            if target.exists():  # a file replaced keeps its permissions (a group-only export stays so)
                os.fchmod(handle.fileno(), target.stat().st_mode & 0o7777)
            yield handle
        try:
            os.replace(partial, target)
        except OSError as exc:
            raise UserError(f"cannot write {out}: {exc.strerror or exc}") from None
    finally:
        if partial.exists():
            partial.unlink()


@contextmanager
def _stream_output(out: str) -> Iterator[IO[bytes]]:
    """``out`` (a named pipe or a device) opened and written as it is, waiting for a pipe's
    reader as a shell's ``>`` does; a write that fails (no space left on /dev/full, a reader
    gone from the pipe) never passes for a success."""
    try:
        handle = os.fdopen(os.open(out, os.O_WRONLY), "wb", buffering=OUTPUT_BUFFER)
    except OSError as exc:
        raise UserError(f"cannot write {out}: {exc.strerror or exc}") from None
    try:
        with handle, terminated_by_sigterm():
            yield handle
    except BrokenPipeError:  # its reader went away: as a reader of standard output that stops early
        raise ReaderGone(out) from None
    except OSError as exc:  # from a write or from the last flush on closing
        raise UserError(f"cannot write {out}: {exc.strerror or exc}") from None


@click.command()
@click.option("--date", "day", metavar="YYYY-MM-DD", help="Digest this calendar day (in --tz).")
@click.option("--since", metavar="DATETIME|last",
              help="Digest everything since then (in --tz unless it has an offset); 'last': since the last digest.")
@click.option("--tz", "timezone", metavar="ZONE",
              help="Timezone of the window and of shown times (default: $CASTWIRE_TIMEZONE or UTC).")
@click.option("--format", "fmt", type=click.Choice(DIGEST_FORMATS), default="md", show_default=True,
              help="Markdown, HTML or plain text.")
@click.option("--out", metavar="FILE", help="Write to FILE instead of stdout.")
@click.option("--email", is_flag=True, help="Also send it (text + HTML) to $CASTWIRE_SMTP_TO.")
@pass_context
def digest(ctx: Context, day: str | None, since: str | None, timezone: str | None, fmt: str,
           out: str | None, email: bool) -> None:
    """Print the digest of stories (default: the previous calendar day)."""
    from pipeline.digest import check_timezone, mail_digest, publish, resolve_window
    from pipeline.mailer import SmtpConfig, send_digest_email
    from pipeline.watch import load_watchlist

    settings = ctx.settings
    if day and since:  # a mistyped command line: status 2 with the usage, as click's own
        raise click.UsageError("give --date or --since, not both")
    try:
        check_timezone(timezone or settings.timezone)
    except UserError as exc:  # named: a zone from the environment is no --tz the user gave
        raise UserError(f"{'--tz' if timezone else 'CASTWIRE_TIMEZONE'}: {exc}") from None
    mail = SmtpConfig.from_settings(settings) if email else None
    watchlist = load_watchlist(settings.watch_file)
    formats = tuple(dict.fromkeys((fmt, "text", "html") if email else (fmt,)))

    def delivered(prepared: PreparedDigest) -> datetime | None:
        if mail is not None:  # the e-mail delivers it: stored as sent, a copy in --out
            return mail_digest(prepared, partial(send_digest_email, mail))
        _write_bytes(out or "-", prepared.texts[fmt].encode("utf-8"))  # shown whole before stored as shown
        return None

    window, made = publish(
        ctx.sessions(existing=True),
        partial(resolve_window, now=datetime.now(UTC), timezone=timezone or settings.timezone,
                day=day, since=since, mailed=mail is not None),
        formats, deliver=delivered, watchlist=watchlist,
        # `--since last --email` again: nothing new is nothing to send (the daily digest always goes)
        skip_empty=email and since == "last")
    if not made:
        ctx.console.print(f"nothing new since the last digest e-mailed ({window.label}): no e-mail sent",
                          markup=False, highlight=False)
        return
    if out and email:
        _write_bytes(out, made[fmt].text.encode("utf-8"))
    if mail is not None:
        ctx.console.print(f"sent the digest of {window.label} to {', '.join(mail.recipients)}")


@click.group()
def watch() -> None:
    """The watchlist: stories about these people, shows and platforms come first in the digest."""


def _kind_options(command: Callable[..., None]) -> Callable[..., None]:
    for kind in reversed(KINDS):
        command = click.option(f"--{kind}", f"{kind}s", multiple=True, metavar="NAME",
                               help=f"A {kind} name (repeatable).")(command)
    return command


def _named(persons: tuple[str, ...], shows: tuple[str, ...], platforms: tuple[str, ...]) -> list[tuple[str, str]]:
    named = [("person", n) for n in persons] + [("show", n) for n in shows] + [("platform", n) for n in platforms]
    if not named:
        raise UserError("name at least one --person, --show or --platform")
    return named


def _watch_file(ctx: Context) -> Path:
    if ctx.settings.watch_file is None:
        raise UserError("no watch file configured (set CASTWIRE_WATCH_FILE)")
    return ctx.settings.watch_file


@watch.command("add")
@_kind_options
@pass_context
def watch_add(ctx: Context, persons: tuple[str, ...], shows: tuple[str, ...], platforms: tuple[str, ...]) -> None:
    """Watch people, shows or platforms (spelling variants of one name count once; a person's
    name in Hangul or Japanese script is a variant of the same name in Latin letters)."""
    from pipeline.entities import load_aliases_if_present
    from pipeline.watch import add_to_watchlist, load_watchlist, save_watchlist

    path = _watch_file(ctx)
    watchlist = load_watchlist(path)
    aliases = load_aliases_if_present(ctx.settings.aliases_file)  # a name and its aliases are one
    said = []
    for kind, name in _named(persons, shows, platforms):
        watchlist, added = add_to_watchlist(watchlist, kind, name, aliases)
        said.append(f"{'watching' if added else 'already watched'}: {kind} {name}")
    save_watchlist(path, watchlist)  # said once it is saved: a file that cannot be written says only that
    for line in said:
        ctx.console.print(line)


@watch.command("remove")
@_kind_options
@pass_context
def watch_remove(ctx: Context, persons: tuple[str, ...], shows: tuple[str, ...], platforms: tuple[str, ...]) -> None:
    """Stop watching names (any watched spelling of the same name goes, a person's in either script)."""
    from pipeline.entities import load_aliases_if_present
    from pipeline.watch import load_watchlist, remove_from_watchlist, save_watchlist

    path = _watch_file(ctx)
    watchlist = load_watchlist(path)
    aliases = load_aliases_if_present(ctx.settings.aliases_file)
    said = []
    for kind, name in _named(persons, shows, platforms):
        watchlist, removed = remove_from_watchlist(watchlist, kind, name, aliases)
        if not removed:
            raise UserError(f"not watched: {kind} {name!r}")
        said.append(f"no longer watching: {kind} {', '.join(removed)}")
    save_watchlist(path, watchlist)
    for line in said:
        ctx.console.print(line)


@watch.command("list")
@pass_context
def watch_list(ctx: Context) -> None:
    """Show the watchlist (one 'kind<TAB>name' line each)."""
    from pipeline.watch import load_watchlist

    watchlist = load_watchlist(_watch_file(ctx))
    for kind in KINDS:
        for name in watchlist.names(kind):
            click.echo(f"{kind}\t{name}")


#: The export format a file name asks for (``--out pull.csv``), when ``--format`` is not given.
_FORMAT_OF_SUFFIX = {".csv": "csv", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}


@click.command()
@click.option("--what", type=click.Choice(EXPORT_WHATS), default="articles", show_default=True, help="What to export.")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS),
              help="Default: as --out FILE ends (.csv, .json, .jsonl/.ndjson; another extension is an error), "
              "else jsonl.")
@click.option("--since", metavar="DATETIME", help="Published at or after (UTC unless it has an offset).")
@click.option("--until", metavar="DATETIME", help="Published before, not at: an article published at exactly "
              "this time is left out (UTC unless it has an offset).")
@click.option("--changed-since", metavar="DATETIME",
              help="Articles stored or updated, stories changed, at or after (for incremental pulls).")
@click.option("--category", help="casting, release, trailer, renewal, production or other.")
@click.option("--source", "source_slug", metavar="SLUG", help="Only this source.")
@click.option("--show", metavar="NAME", callback=not_blank, help="Only what involves this show (any spelling).")
@click.option("--person", metavar="NAME", callback=not_blank, help="Only what involves this person (any spelling or stored alias, "
              "or the name in Hangul or Japanese script).")
@click.option("--out", metavar="FILE|-", default="-", show_default=True,
              help="Write to FILE (whole or not at all), or to stdout (-).")
@click.option("--bom", is_flag=True, help="CSV: begin with a UTF-8 byte order mark, which Excel needs to read "
              "Hangul, Japanese and accents right.")
@pass_context
def export(ctx: Context, what: str, fmt: str | None, since: str | None, until: str | None,
           changed_since: str | None, category: str | None, source_slug: str | None, show: str | None,
           person: str | None, out: str, bom: bool) -> None:
    """Export stored articles, stories or entities as CSV, JSON or JSON Lines (streamed)."""
    from pipeline.entities import load_aliases_if_present
    from pipeline.export import ExportFilters, count_records, resolve_names
    from pipeline.export import export as export_records
    from storage.db import transaction

    suffix = Path(out).suffix.lower() if out != "-" else ""
    named_format = _FORMAT_OF_SUFFIX.get(suffix)
    if fmt is None and suffix and named_format is None:  # x.xlsx: JSON Lines under another format's name
        raise UserError(f"--out {out}: castwire writes no {suffix} file: name it .csv, .json, .jsonl or .ndjson, "
                        f"or give --format csv, json or jsonl (nothing was written)")
    fmt = fmt or named_format or "jsonl"
    if named_format not in (None, fmt):  # a consumer reading pull.csv as CSV would get JSON
        ctx.console.print(f"--out {out}: writing {fmt} (--format) into a file named for {named_format}",
                          markup=False, highlight=False)
    filters = ExportFilters(since=parse_when(since, "--since"), until=parse_when(until, "--until"),
                            category=category, source_slug=source_slug, show=show, person=person,
                            changed_since=parse_when(changed_since, "--changed-since"),
                            aliases=load_aliases_if_present(ctx.settings.aliases_file) if show or person else None)
    with transaction(ctx.sessions(existing=True)) as session:
        if source_slug is not None:
            _check_source(ctx, session, source_slug)
        filters = resolve_names(session, filters)
        for kind, name, ids in (("show", show, filters.show_ids), ("person", person, filters.person_ids)):
            if name is not None and not ids:
                ctx.console.print(f"--{kind}: no {kind} named {name!r} is stored (castwire entities --kind {kind} "
                                  f"--search lists the names stored)", markup=False, highlight=False)
        if out == "-":
            stdout = standard_output()
            stdout.flush()
            export_records(session, what, fmt, stdout.buffer, filters, bom=bom)
            return
        show_progress = sys.stderr.isatty() and not ctx.console.quiet
        total = count_records(session, what, filters) if show_progress else None
        with _file_output(out) as stream, _progress(ctx, what, total) as progress:
            count = export_records(session, what, fmt, stream, filters, progress, bom=bom)
    if show_progress:
        ctx.console.print(f"wrote {count} {what} to {out}")


def _check_source(ctx: Context, session: Session, slug: str) -> None:
    """``--source``: a stored source, or one of the catalogue's; one that no article came from
    yet (never crawled, or each crawl failed) gives an empty export and a note, so that a
    scheduled pull does not fail before its first article; anything else is a typo."""
    from storage.repository import latest_article_fetch, source_slug_names

    stored = set(source_slug_names(session))  # a source is stored with its first crawl run, failed or not
    if slug not in stored:
        try:
            listed = set(ctx.catalogue().sources)
        except UserError:  # a broken catalogue is not this command's business
            listed = set()
        if slug not in listed:
            raise UserError(f"--source: unknown source {slug!r} (known: {', '.join(sorted(stored | listed))})")
    if slug not in stored or latest_article_fetch(session, slug, datetime.now(UTC)) is None:
        ctx.console.print(f"nothing stored from source {slug!r} yet")


@contextmanager
def _progress(ctx: Context, what: str, total: int | None) -> Iterator[Callable[[int], None] | None]:
    """A rich progress bar on stderr when it is a terminal (``total`` given), else nothing."""
    if total is None:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), console=ctx.console, transient=True) as bar:
        task = bar.add_task(f"exporting {what}", total=total)
        yield lambda done: bar.update(task, completed=done)


@click.command()
@click.option("--out", metavar="FILE|-", default="-", show_default=True,
              help="Write to FILE (whole or not at all), or to stdout (-).")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True,
              help="How many of the most recent stories.")
@click.option("--since", metavar="DATETIME", help="Only stories reported at or after.")
@click.option("--self-url", metavar="URL", help="Where the feed will be published (its id and self link).")
@pass_context
def feed(ctx: Context, out: str, limit: int, since: str | None, self_url: str | None) -> None:
    """Write an Atom feed of the most recent stories."""
    from pipeline.feeds_out import atom_feed
    from pipeline.normalise import is_web_address
    from storage.db import transaction

    if self_url is not None and not is_web_address(self_url):
        raise UserError(f"--self-url: not an absolute http(s) URL such as https://example.com/castwire.xml: "
                        f"{self_url!r}")
    if self_url is not None and (bad := _NOT_IN_AN_IRI.search(self_url)):
        raise UserError(f"--self-url: {bad.group()!r} is not allowed in the feed's address "
                        f"(its id must be a valid IRI; percent-encode it): {self_url!r}")
    if self_url is not None and "@" in urlsplit(self_url).netloc:
        raise UserError(f"--self-url: a user name or password would be published in the feed: {self_url!r}")
    with transaction(ctx.sessions(existing=True)) as session:
        data = atom_feed(session, now=datetime.now(UTC), limit=limit, since=parse_when(since, "--since"),
                         self_url=self_url)
    _write_bytes(out, data)


@click.command()
@click.option("--out", metavar="FILE|-", default="-", show_default=True,
              help="Write to FILE (whole or not at all), or to stdout (-).")
@click.option("--since", "since_day", metavar="YYYY-MM-DD", help="Only premieres on or after this day.")
@pass_context
def calendar(ctx: Context, out: str, since_day: str | None) -> None:
    """Write an iCalendar file of known premiere dates (one all-day event per show and platform, the
    same event on its new day when the date moves)."""
    from pipeline.feeds_out import premiere_calendar
    from storage.db import transaction

    try:
        since = date.fromisoformat(since_day) if since_day else None
    except ValueError:
        raise UserError(f"--since: not a date like 2026-11-24: {since_day!r}") from None
    if since is not None:
        checked_year(since, "--since")
    with transaction(ctx.sessions(existing=True)) as session:
        data = premiere_calendar(session, since=since)
    _write_bytes(out, data)


def _write_bytes(out: str, data: bytes) -> None:
    """``data`` written whole to ``out`` (a file replaced only once written, or stdout, flushed:
    a reader gone is an error now, not after the caller has recorded the output as delivered)."""
    if out == "-":
        stdout = standard_output()
        stdout.flush()
        stdout.buffer.write(data)
        stdout.buffer.flush()
        return
    with _file_output(out) as handle:
        handle.write(data)

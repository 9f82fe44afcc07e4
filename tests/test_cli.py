from __future__ import annotations

import gc
import gzip
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import click
import pytest
from cli_run import Ran, castwire
from click.testing import CliRunner

from pipeline.cli import _reader_may_stop, cli
from pipeline.errors import UserError
from storage.db import open_database

CASTWIRE = [sys.executable, "-c", "from pipeline.cli import main; main()"]
README = Path(__file__).parent.parent / "README.md"


def run(*args: str, env: dict[str, str] | None = None) -> Ran:
    """``castwire *args`` in this process (see :mod:`cli_run`): what a command says and its status."""
    return castwire(*args, env=env)


def run_process(*args: str) -> subprocess.CompletedProcess[str]:
    """``castwire *args`` as a process of its own, for what only a process shows."""
    return subprocess.run([*CASTWIRE, *args], capture_output=True, text=True, timeout=120)


def test_help_lists_every_command() -> None:
    result = run("--help")
    assert result.returncode == 0
    for command in ("demo", "crawl", "digest", "export", "extract", "sources", "status", "db"):
        assert f"  {command} " in result.stdout


def _leaf_commands(command: click.Command, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], click.Command]]:
    if isinstance(command, click.Group):
        return [leaf for name, sub in command.commands.items() for leaf in _leaf_commands(sub, (*path, name))]
    return [(path, command)]


def test_every_option_of_every_command_says_what_it_does_in_its_help() -> None:
    """`castwire export --help` listed `--what` and `--out`, `stories --help` `--limit`, and `digest`
    and `demo` `--format`, with no word on what they do: only a default or a range."""
    unexplained = [(" ".join(path), option.opts[0]) for path, command in [((), cli), *_leaf_commands(cli)]
                   for option in command.params
                   if isinstance(option, click.Option) and not option.hidden and not option.help]
    assert unexplained == []


def test_readme_names_every_castwire_setting_the_code_reads() -> None:
    """Every CASTWIRE_* variable or Scrapy setting in the code is in the README, the internal
    ones marked so (CASTWIRE_STARTUP_LOG and CASTWIRE_WORKER_PARENT were nowhere)."""
    root = README.parent
    code = " ".join(path.read_text("utf-8") for folder in ("pipeline", "scrapers", "storage")
                    for path in (root / folder).rglob("*.py"))
    names = set(re.findall(r"\bCASTWIRE_[A-Z0-9]+(?:_[A-Z0-9]+)*\b", code)) - {"CASTWIRE_SMTP"}
    readme = README.read_text("utf-8")
    assert len(names) > 20 and sorted(name for name in names if name not in readme) == []
    internal = re.search(r"`CASTWIRE_STARTUP_LOG`[^.]*`CASTWIRE_WORKER_PARENT`[^.]*internal", readme)
    assert internal is not None


def test_readme_documents_every_command_and_option() -> None:
    """Each command of the CLI has a row in the README's command table naming it (``db current``
    may share the row of ``db upgrade``), and every long option it takes appears in its rows."""
    section = README.read_text("utf-8").split("\n## Commands\n", 1)[1].split("\n## ", 1)[0]
    commands = [row.split(" | ", 1)[0] for row in section.splitlines() if row.startswith("| `castwire ")]
    undocumented = []
    for path, command in _leaf_commands(cli):
        words = re.compile(r"(?<![\w-])" + re.escape(" ".join(path)) + r"(?![\w-])")
        rows = " ".join(cell for cell in commands if words.search(cell))
        options = [name for param in command.params if isinstance(param, click.Option)
                   for name in param.opts if name.startswith("--") and name != "--help"]
        name = f"castwire {' '.join(path)}"
        undocumented += ([] if rows else [name]) + [f"{name} {option}" for option in options if option not in rows]
    assert len(_leaf_commands(cli)) > 15  # the walk reached the subcommands of the groups
    assert undocumented == []


def test_version() -> None:
    result = run_process("--version")  # the command line, end to end, in a process of its own
    assert result.returncode == 0 and "castwire, version" in result.stdout


#: What every command would pay for at start if the parser imported it: the analysis stack,
#: the database layer (SQLAlchemy, Alembic, the models), the crawl machinery.
_HEAVY = ("sqlalchemy", "alembic", "scrapy", "twisted", "redis", "apscheduler", "trafilatura", "jinja2",
          "storage.db", "storage.models", "pipeline.entities", "pipeline.normalise", "pipeline.sources",
          "pipeline.ingest", "pipeline.stories", "pipeline.digest", "pipeline.export", "pipeline.crawl")


def test_the_command_line_parser_imports_no_library_a_command_wraps() -> None:
    """`castwire --help`, `castwire db current` and every scripted call start without the
    analysis stack: each command imports what it wraps in its body."""
    code = ("import sys, pipeline.cli\n"
            f"print(sorted(m for m in sys.modules if any(m == h or m.startswith(h + '.') for h in {_HEAVY!r})))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert result.stdout.strip() == "[]"


def test_a_digest_time_zone_error_names_where_the_zone_came_from(tmp_path: Path) -> None:
    """`CASTWIRE_TIMEZONE=Nowhere castwire digest` said "unknown time zone 'Nowhere'", naming no
    variable, though the user gave no --tz."""
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    open_database(url).dispose()
    from_env = run("--db", url, "digest", env={**os.environ, "CASTWIRE_TIMEZONE": "Nowhere"})
    assert from_env.returncode == 1 and from_env.stderr.startswith(
        "castwire: error: CASTWIRE_TIMEZONE: unknown time zone 'Nowhere'"), from_env.stderr
    given = run("--db", url, "digest", "--tz", "Nowhere")
    assert given.returncode == 1 and given.stderr.startswith("castwire: error: --tz: unknown time zone"), given.stderr


def test_digest_with_both_date_and_since_is_a_usage_error(tmp_path: Path) -> None:
    """A mistyped command line exits with status 2 and the usage, as the README says (it was status 1)."""
    result = run("--db", f"sqlite:///{tmp_path / 'db.sqlite'}", "digest", "--date", "2026-11-20", "--since", "last")
    assert result.returncode == 2 and "Usage:" in result.stderr and "give --date or --since, not both" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--sources", "/nonexistent/sources.toml", "sources", "list"), "cannot read sources file"),
        # commands that do not read the catalogue went on without a word, status 0: a typo unnoticed
        (("--sources", "/nonexistent/sources.toml", "digest"), "cannot read sources file /nonexistent/sources.toml"),
        (("--sources", "/nonexistent/sources.toml", "stories"), "cannot read sources file"),
        (("--sources", "/", "db", "current"), "cannot read sources file /: Is a directory"),
        (("crawl", "no_such_source"), "unknown source 'no_such_source'"),
        (("--db", "postgresql://nobody@127.0.0.1:1/x?connect_timeout=2", "digest"), "cannot open database"),
        (("digest", "--tz", "Mars/Olympus"), "unknown time zone"),
        (("extract", "/nonexistent/page.html"), "cannot read /nonexistent/page.html"),
        (("export", "--out", "/"), "cannot write /: it is a folder"),
        (("feed", "--out", "/"), "cannot write /: it is a folder"),
        (("calendar", "--out", "/"), "cannot write /: it is a folder"),
        (("digest", "--date", "9999-12-31"), "--date: 9999-12-31 is not between the years 1900 and 2199"),
        (("digest", "--date", "0001-01-01", "--tz", "Asia/Tokyo"), "not between the years"),
        (("stories", "--since", "0001-01-01T00:00+09:00"), "--since: 0001-01-01T00:00:00+09:00 is not between"),
        (("export", "--since", "9999-12-31T23:00-05:00"), "not between the years"),
        (("calendar", "--since", "0001-01-01"), "not between the years"),
        (("feed", "--self-url", "http://[::1/stories.xml"), "--self-url: not an absolute http(s) URL"),
        (("feed", "--self-url", "https://example.com:99999/stories.xml"), "--self-url: not an absolute http(s) URL"),
        (("extract", "http://[::1/page.html"), "not an http(s) URL: 'http://[::1/page.html'"),
        (("sources", "discover", "http://[::1/"), "not an http(s) URL"),
        # a SQLite URL with two slashes, a mistyped database file for a command that reads it
        (("--db", "sqlite://data/castwire.sqlite", "stories"), "not a SQLite URL: 'sqlite://data/castwire.sqlite'"),
        (("--db", "sqlite:////nonexistent/castwire.sqlite", "export"), "no database at /nonexistent/castwire.sqlite"),
        (("--db", "sqlite:////nonexistent/castwire.sqlite", "feed"), "no database at /nonexistent/castwire.sqlite"),
        (("--db", "sqlite:////nonexistent/castwire.sqlite", "db", "current"), "no database at /nonexistent"),
        (("db", "reanalyse", "--since", "yesterday"), "--since: not a date or time like 2026-11-24"),
        (("--db", "sqlite:///", "export"), "no database file in 'sqlite:///'"),
    ],
)
def test_user_errors_are_one_line_without_traceback(args: tuple[str, ...], message: str, tmp_path: Path) -> None:
    open_database(f"sqlite:///{tmp_path / 'db.sqlite'}").dispose()  # a crawled database: the option is wrong
    result = run("--db", f"sqlite:///{tmp_path / 'db.sqlite'}", *args)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("args", [
    ("export", "--format", "csv"),  # bytes straight to the stream
    ("calendar",),
    ("digest", "--date", "2026-12-05"),  # text left in Python's buffer until the command ends
    ("stories",),  # a rich table
    ("stories", "--json"),  # click.echo
    ("db", "current"),
    ("--help",), ("--version",),  # click, while it reads the command line
    ("stories", "--help"),  # click, while the group reads the command's
    # the same pipe named by --out: status 1 and "cannot write /dev/stdout: Broken pipe" before
    ("export", "--format", "csv", "--out", "/dev/stdout"), ("calendar", "--out", "/dev/stdout"),
])
def test_a_reader_gone_from_standard_output_ends_the_command_quietly_with_status_141(
        args: tuple[str, ...], tmp_path: Path) -> None:
    """`castwire --help | head -1` with a reader gone exited 1 without a word (click's handling),
    the commands 1 with an error line: a reader that stops early is no error of castwire's. Every
    command: no word, the status of a process SIGPIPE ended (not 0: under `set -o pipefail` an
    output cut short does not pass for a complete one)."""
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    open_database(url).dispose()
    reading, writing = os.pipe()
    os.close(reading)  # the reader is gone before castwire writes a byte
    try:
        result = subprocess.run([*CASTWIRE, "--db", url, *args], stdout=writing, stderr=subprocess.PIPE,
                                text=True, timeout=120)
    finally:
        os.close(writing)
    assert (result.returncode, result.stderr) == (141, "")


def test_a_broken_pipe_that_is_not_the_output_is_an_error_with_its_line() -> None:
    """Any BrokenPipeError ended the command quietly with status 141, as if standard output's
    reader had gone: one from a socket or a child process's pipe was lost without a word."""
    reading, writing = os.pipe()
    os.close(reading)
    try:
        with pytest.raises(UserError, match="went away: Broken pipe"), _reader_may_stop():
            os.write(writing, b"x")  # standard output (pytest's capture) is fine
    finally:
        os.close(writing)


@pytest.mark.parametrize("args", [
    ("export",), ("calendar",), ("digest", "--date", "2026-12-05"),  # before anything is computed
    ("db", "current"), ("sources", "list"), ("status",), ("stories",), ("entities",), ("--help",),
])
def test_a_command_started_with_standard_output_closed_says_so(args: tuple[str, ...], tmp_path: Path) -> None:
    """`castwire ... >&-` (Python's sys.stdout is None): export, feed, calendar and digest said so
    with status 1, the other commands printed nothing and exited 0, as if their output was read.
    Every command that writes there: one line, status 1; one that writes nothing there: status 0."""
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    open_database(url).dispose()
    result = _with_standard_output_closed(url, *args)
    assert result.returncode == 1
    hint = ("give --out FILE" if args[0] in ("export", "calendar", "digest")
            else "send it to a file, or to /dev/null to discard it")
    assert result.stderr == f"castwire: error: cannot write standard output: it is closed ({hint})\n"


def test_a_command_started_with_standard_output_closed_that_writes_to_a_file_succeeds(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    open_database(url).dispose()
    written = _with_standard_output_closed(url, "export", "--out", str(tmp_path / "pull.jsonl"))
    assert (written.returncode, written.stderr) == (0, "")
    assert (tmp_path / "pull.jsonl").exists()


def _with_standard_output_closed(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`castwire --db URL *args >&-`: a process whose standard output is closed from its start."""
    return subprocess.run(["sh", "-c", 'exec "$@" >&-', "sh", *CASTWIRE, "--db", url, *args],
                          stderr=subprocess.PIPE, text=True, timeout=120)


@pytest.mark.parametrize(("args", "hint"), [
    (("stories", "--db", "sqlite:///x.sqlite"), "(castwire --db URL stories …)"),
    (("db", "current", "--db=sqlite:///x.sqlite"), "(castwire --db URL db current …)"),
    (("sources", "list", "-q"), "(castwire -q sources list …)"),
])
def test_a_global_option_after_the_command_says_to_give_it_before(args: tuple[str, ...], hint: str) -> None:
    """It said only "No such option '--db'", as if castwire had no such option."""
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 2
    assert f"it is an option of castwire itself, given before the command {hint}" in result.stderr
    unknown = CliRunner().invoke(cli, ["stories", "--nope"])  # an option castwire does not know: no hint
    assert unknown.exit_code == 2 and "option of castwire" not in unknown.stderr


def test_a_malformed_number_in_the_environment_is_one_line_without_traceback(tmp_path: Path) -> None:
    result = run("--db", f"sqlite:///{tmp_path / 'db.sqlite'}", "crawl",
                 env={**os.environ, "CASTWIRE_MAX_CRAWLS": "abc"})
    assert result.returncode == 1
    assert result.stderr.strip() == "castwire: error: CASTWIRE_MAX_CRAWLS: not a whole number above 0: 'abc'"


@pytest.mark.parametrize("url", ["127.0.0.1:6379", "notaurl", "redis://127.0.0.1:6379/x"])  # /x: not database 0
def test_a_malformed_redis_url_is_one_line_without_traceback(tmp_path: Path, url: str) -> None:
    result = run("--db", "postgresql://castwire@127.0.0.1:1/none", "crawl", "--distributed",
                 env={**os.environ, "CASTWIRE_REDIS_URL": url})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("castwire: error: CASTWIRE_REDIS_URL: not a Redis URL"), result.stderr


def test_bad_catalogue_error_names_file_source_and_field(tmp_path: Path) -> None:
    catalogue = tmp_path / "mine.toml"
    catalogue.write_text("[x]\nname='X'\nhomepage='https://x.example/'\nlanguage='en'\nfeeds=[1]\n")
    result = run("--sources", str(catalogue), "sources", "check")
    assert result.returncode == 1
    assert f"{catalogue}: source 'x', field 'feeds'" in result.stderr


def test_sources_check_counts_the_sources_in_words_that_fit_the_number(tmp_path: Path) -> None:
    catalogue = tmp_path / "one.toml"
    catalogue.write_text("[x]\nname='X'\nhomepage='https://x.example/'\nlanguage='en'\nfeeds=['https://x.example/feed']\n")
    result = CliRunner().invoke(cli, ["--sources", str(catalogue), "sources", "check"])
    assert result.exit_code == 0 and result.stdout == f"{catalogue}: 1 source, all valid\n"


@pytest.mark.postgres
def test_commands_run_in_process_close_their_database_connections(postgres_url: str) -> None:
    # the scheduler and tests run commands in a long-lived process: an engine left open is
    # garbage-collected later with its connections still open (a ResourceWarning, an error here)
    for args in (["db", "upgrade"], ["stories"], ["db", "current"]):
        result = CliRunner().invoke(cli, ["--db", postgres_url, *args])
        assert result.exit_code == 0, result.output
    assert CliRunner().invoke(cli, ["--db", f"{postgres_url}_none", "stories"]).exit_code == 1  # closed on errors too
    gc.collect()


class _Latin1Page(BaseHTTPRequestHandler):
    """A Latin-1 page whose charset only the HTTP header gives."""

    body = ("<html><head><title>Caf\xe9 drama</title></head><body><article><h1>Caf\xe9 drama \"Cr\xe8me\" "
            "casts Kim Min-su</h1>" + "<p>Kim Min-su joins the drama \"Cr\xe8me Br\xfbl\xe9e\" as its lead.</p>" * 8
            + "</article></body></html>").encode("latin-1")
    agents: list[str] = []  # the User-Agent of each request

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.agents.append(self.headers.get("User-Agent", ""))
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=iso-8859-1")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        return


def test_extract_of_a_url_decodes_it_by_the_http_charset_as_a_crawl_does() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Latin1Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Latin1Page.agents.clear()
    try:
        result = CliRunner().invoke(cli, ["extract", f"http://127.0.0.1:{server.server_address[1]}/a.html", "--json"],
                                    env={"CASTWIRE_USER_AGENT": "castwire (+mailto:ops@example.test)"})
    finally:
        server.shutdown()
        server.server_close()
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["title"] == 'Café drama "Crème" casts Kim Min-su'  # not "Crčme" (Latin-2)
    assert _Latin1Page.agents == ["castwire (+mailto:ops@example.test)"]  # the operator's, as crawls send


def test_extract_reads_a_saved_gz_page_and_shows_the_body_as_stored_with_iso_times(tmp_path: Path) -> None:
    page = ('<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": "Cast news",'
            ' "datePublished": "2026-11-20T09:30:00+09:00"}</script></head><body><article><h1>Cast news</h1>'
            + "<p>Kim Min-su joins the drama as its lead, the network said on Friday.</p>" * 6
            + "<p>'Glass Garden' is a Netflix original. Kim recently starred in SBS's 'Night Court'.</p>"
            + "<p>Like this story? Share it with a friend!</p></article></body></html>")
    saved = tmp_path / "page.html.gz"
    saved.write_bytes(gzip.compress(page.encode()))
    result = CliRunner().invoke(cli, ["extract", str(saved), "--url", "https://x.example/a", "--json"])
    assert result.exit_code == 0, result.output
    article = json.loads(result.stdout)
    assert article["published_at"] == "2026-11-20T09:30:00+09:00"
    assert "Kim Min-su joins" in article["body"] and "Share it with a friend" not in article["body"]
    # what a crawl would store beside the fields: category, people, and so on
    assert article["understood"]["category"] == "casting"
    assert article["understood"]["people"] == ["Kim Min-su (cast)"]
    # the platforms as a crawl stores them, and apart one named only in passing (a past show's network)
    assert (article["understood"]["platforms"], article["understood"]["platforms_in_passing"]) == (["Netflix"], ["SBS"])
    # and so the shows: the one it is about, and apart the past show
    assert (article["understood"]["shows"], article["understood"]["shows_in_passing"]) == (["Glass Garden"], ["Night Court"])
    table = CliRunner().invoke(cli, ["extract", str(saved), "--url", "https://x.example/a"])
    assert "what castwire reads in it" in table.output and "Kim Min-su (cast)" in table.output



def test_extract_says_a_page_shows_only_the_start_of_the_article() -> None:
    page = str(Path(__file__).parent / "fixtures" / "extract" / "en_variety_vip_paywall.html")
    url = "https://variety.com/2026/tv/news/kdrama-streaming-boom-analysis-vip-1236601290/"
    result = CliRunner().invoke(cli, ["extract", page, "--url", url, "--json"])
    assert result.exit_code == 0, result.output
    article = json.loads(result.stdout)
    assert (article["paywalled"], article["provenance"]["paywalled"]) == (True, "jsonld")
    table = CliRunner().invoke(cli, ["extract", page, "--url", url], env={"COLUMNS": "200"})
    [line] = [line for line in table.output.splitlines() if "paywalled" in line]
    assert "yes: the page shows only the start, the rest is for subscribers" in line and "jsonld" in line


def test_a_worker_with_redis_unreachable_stops_before_touching_the_database() -> None:
    """A wrong Redis URL must not first create castwire's tables in whatever database --db names."""
    result = run("--db", "postgresql://nobody@127.0.0.1:1/x?connect_timeout=2", "worker",
                 env={**os.environ, "CASTWIRE_REDIS_URL": "redis://127.0.0.1:1/0"})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "Redis at redis://127.0.0.1:1/0 unreachable" in result.stderr, result.stderr


def test_watch_add_to_a_file_it_cannot_write_says_only_that(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", "utf-8")
    result = run("watch", "add", "--show", "Night Owl",
                 env={**os.environ, "CASTWIRE_WATCH_FILE": str(blocker / "watch.toml")})
    assert result.returncode == 1 and "cannot write watch file" in result.stderr
    assert "watching" not in result.stderr.replace("cannot write watch file", ""), result.stderr


def test_extract_of_a_feed_url_says_it_is_no_html_page(sample_web: str) -> None:
    result = CliRunner().invoke(cli, ["extract", f"{sample_web}/kdramadaily/feed/"])
    assert isinstance(result.exception, UserError), result.output
    assert "/kdramadaily/feed/ is not an HTML page but application/xml" in str(result.exception)


def test_sources_list_shows_intervals_as_written_and_which_sources_are_disabled(tmp_path: Path) -> None:
    catalogue = tmp_path / "sources.toml"
    catalogue.write_text('[on]\nname = "On"\nhomepage = "https://on.example/"\nlanguage = "en"\n'
                         'feeds = ["https://on.example/feed"]\ninterval = "2h"\n\n'
                         '[off]\nname = "Off"\nhomepage = "https://off.example/"\nlanguage = "en"\n'
                         'feeds = ["https://off.example/feed"]\nenabled = false\n', "utf-8")
    result = run("--sources", str(catalogue), "sources", "list", env={**os.environ, "COLUMNS": "200"})
    assert result.returncode == 0, result.stderr
    rows = {line.split("│")[1].strip(): line for line in result.stdout.splitlines() if line.count("│") > 5}
    assert " 2h " in rows["on"] and " yes " in rows["on"].split("│")[-2]
    assert "no (not crawled)" in rows["off"]
    # at 80 columns, or piped, the slug stays whole: it is what the other commands take
    catalogue.write_text(catalogue.read_text("utf-8").replace("[on]", "[screendispatch_kr]"), "utf-8")
    narrow = run("--sources", str(catalogue), "sources", "list", env={**os.environ, "COLUMNS": "80"})
    assert "screendispatch_kr" in narrow.stdout, narrow.stdout


def test_an_empty_file_is_no_database_for_a_command_that_reads(tmp_path: Path) -> None:
    empty = tmp_path / "typo.sqlite"
    empty.touch()
    result = run("--db", f"sqlite:///{empty}", "stories")
    assert result.returncode == 1 and f"no database at {empty}" in result.stderr
    assert empty.stat().st_size == 0  # not turned into a database


def _wait_until_it_catches_sigterm(pid: int) -> None:
    """Until process ``pid`` has a handler of its own for SIGTERM (its ``SigCgt`` mask in
    /proc): the entry point installs it first thing, before importing the command line. A fixed
    sleep instead sent the signal before the interpreter had even started on a quiet machine."""
    bit = 1 << (signal.SIGTERM - 1)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        status = Path(f"/proc/{pid}/status").read_text()
        caught = next(line.split()[1] for line in status.splitlines() if line.startswith("SigCgt:"))
        if int(caught, 16) & bit:
            return
        time.sleep(0.001)
    raise AssertionError(f"process {pid} never caught SIGTERM")


@pytest.mark.parametrize(("stop_signal", "returncode", "said"), [
    (signal.SIGINT, 130, "castwire: aborted"), (signal.SIGTERM, 143, "castwire: terminated")])
def test_a_ctrl_c_while_castwire_starts_is_one_line_not_a_traceback(
        tmp_path: Path, stop_signal: signal.Signals, returncode: int, said: str) -> None:
    """Importing castwire takes about a second: a Ctrl-C then printed a KeyboardInterrupt
    traceback, and a SIGTERM ended it without a word."""
    started = subprocess.Popen([sys.executable, "-c", "from pipeline.entry import main; main()",
                                "--db", f"sqlite:///{tmp_path / 'db.sqlite'}", "stories"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _wait_until_it_catches_sigterm(started.pid)  # the entry point is up and importing castwire
    started.send_signal(stop_signal)
    _, err = started.communicate(timeout=60)
    assert (started.returncode, err.strip()) == (returncode, said)


def test_quiet_crawl_still_says_which_source_failed(capsys: pytest.CaptureFixture[str]) -> None:
    """`castwire -q crawl` printed only "… 1 failed source(s)": -q keeps errors, and a failed
    source is one."""
    from rich.console import Console

    from pipeline.commands.crawling import _reporter
    from pipeline.crawl import CrawlOutcome
    from pipeline.progress import Tracker

    report = _reporter(Tracker(), Console(stderr=True, quiet=True), 2)
    report(CrawlOutcome("goodsite", "ok", 0, articles_new=3))
    report(CrawlOutcome("deadsite", "failed", 1, error="feed https://dead.example/rss: HTTP 404 Not Found"))
    captured = capsys.readouterr()
    assert captured.err == "deadsite: failed — feed https://dead.example/rss: HTTP 404 Not Found\n"


def test_crawl_line_counts_pages_fetched_again_unchanged(capsys: pytest.CaptureFixture[str]) -> None:
    """Pages fetched again and found unchanged (stats ``articles/unchanged``) were in none of the
    printed counts: "90 new, 0 updated, 0 already seen" for a run that met 95 articles."""
    from rich.console import Console

    from pipeline.commands.crawling import _reporter
    from pipeline.crawl import CrawlOutcome
    from pipeline.progress import Tracker

    report = _reporter(Tracker(), Console(file=sys.stdout, width=200), 1)
    report(CrawlOutcome("dramajson", "ok", 0, articles_new=90, articles_unchanged=5, pages_fetched=106))
    assert "dramajson: ok (90 new, 0 updated, 5 unchanged, 0 already seen, 106 pages)" in capsys.readouterr().out


def test_status_with_redis_unreachable_still_shows_the_sources_health(tmp_path: Path) -> None:
    """`status` said only "Redis … unreachable": the sources' health, read from the database,
    is what an operator needs most when the queue is down."""
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    assert run("--db", url, "db", "upgrade").returncode == 0
    env = {**os.environ, "CASTWIRE_REDIS_URL": "redis://127.0.0.1:1/0"}
    result = run("--db", url, "status", "--json", env=env)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().startswith("castwire: error: Redis at redis://127.0.0.1:1/0 unreachable")
    assert json.loads(result.stdout)["sources"]  # the catalogue's sources, each with its verdict


@pytest.mark.parametrize("args", [("status",), ("crawl", "--distributed")])
@pytest.mark.parametrize("url", ["redis://:s3cretpw@127.0.0.1:1/0", "redis://castwire:s3cretpw@127.0.0.1:1/0",
                                 "redis://127.0.0.1:1/0?password=s3cretpw", "redis://:s3cretpw@127.0.0.1:1/x"])
def test_a_redis_password_is_never_shown(tmp_path: Path, args: tuple[str, ...], url: str) -> None:
    """`status` and `crawl --distributed` printed "Redis at redis://:s3cretpw@… unreachable" (the
    database URL was masked, the Redis one was not)."""
    env = {**os.environ, "CASTWIRE_REDIS_URL": url}
    database = "postgresql://castwire:dbpw@127.0.0.1:1/none"  # distributed mode: Redis is checked first
    if args == ("status",):  # the sources' health comes first, from a database that works
        database = f"sqlite:///{tmp_path / 'db.sqlite'}"
        assert run("--db", database, "db", "upgrade").returncode == 0
    result = run("--db", database, *args, env=env)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "s3cretpw" not in result.stderr + result.stdout, result.stderr
    assert "***" in result.stderr, result.stderr

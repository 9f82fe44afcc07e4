from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli

CASTWIRE = [sys.executable, "-c", "from pipeline.cli import main; main()"]


def run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CASTWIRE, *args], capture_output=True, text=True, timeout=120, env=env, cwd=cwd)


def test_help_lists_every_command() -> None:
    result = run("--help")
    assert result.returncode == 0
    for command in ("demo", "crawl", "digest", "export", "extract", "sources", "status", "db"):
        assert f"  {command} " in result.stdout


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0 and "castwire, version" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--sources", "/nonexistent/sources.toml", "sources", "list"), "cannot read sources file"),
        (("crawl", "no_such_source"), "unknown source 'no_such_source'"),
        (("--db", "postgresql://nobody@127.0.0.1:1/x?connect_timeout=2", "digest"), "cannot open database"),
        (("digest", "--tz", "Mars/Olympus"), "unknown time zone"),
        (("extract", "/nonexistent/page.html"), "cannot read /nonexistent/page.html"),
    ],
)
def test_user_errors_are_one_line_without_traceback(args: tuple[str, ...], message: str, tmp_path: Path) -> None:
    result = run("--db", f"sqlite:///{tmp_path / 'db.sqlite'}", *args)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_catalogue_error_names_file_source_and_field(tmp_path: Path) -> None:
    catalogue = tmp_path / "mine.toml"
    catalogue.write_text("[x]\nname='X'\nhomepage='https://x.example/'\nlanguage='en'\nfeeds=[1]\n")
    result = run("--sources", str(catalogue), "sources", "check")
    assert result.returncode == 1
    assert f"{catalogue}: source 'x', field 'feeds'" in result.stderr


@pytest.mark.postgres
def test_commands_run_in_process_close_their_database_connections(postgres_url: str) -> None:
    # the scheduler and tests run commands in a long-lived process: an engine left open is
    # garbage-collected later with its connections still open (a ResourceWarning, an error here)
    for args in (["stories"], ["db", "current"]):
        result = CliRunner().invoke(cli, ["--db", postgres_url, *args])
        assert result.exit_code == 0, result.output
    gc.collect()

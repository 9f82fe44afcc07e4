"""pipeline.config: settings from the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import Settings, masked_url
from pipeline.errors import UserError

BASE = {"CASTWIRE_DATABASE_URL": "sqlite://"}


def test_numbers_come_from_the_environment_or_their_defaults() -> None:
    default = Settings.from_env(BASE)
    assert (default.max_crawls, default.crawl_timeout, default.keep_runs_days, default.shutdown_grace) == (
        2, 1800.0, 90, 120.0)
    chosen = Settings.from_env({**BASE, "CASTWIRE_MAX_CRAWLS": " 4 ", "CASTWIRE_CRAWL_TIMEOUT": "90.5",
                                "CASTWIRE_KEEP_RUNS_DAYS": "30", "CASTWIRE_SHUTDOWN_GRACE": "15"})
    assert (chosen.max_crawls, chosen.crawl_timeout, chosen.keep_runs_days, chosen.shutdown_grace) == (
        4, 90.5, 30, 15.0)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("CASTWIRE_MAX_CRAWLS", "abc", "CASTWIRE_MAX_CRAWLS: not a whole number above 0: 'abc'"),
        ("CASTWIRE_MAX_CRAWLS", "2.5", "not a whole number above 0"),
        ("CASTWIRE_KEEP_RUNS_DAYS", "0", "CASTWIRE_KEEP_RUNS_DAYS: not a whole number above 0"),
        ("CASTWIRE_CRAWL_TIMEOUT", "-5", "CASTWIRE_CRAWL_TIMEOUT: not a number of seconds above 0"),
        ("CASTWIRE_SHUTDOWN_GRACE", "nan", "CASTWIRE_SHUTDOWN_GRACE: not a number of seconds above 0"),
        ("CASTWIRE_SHUTDOWN_GRACE", "inf", "not a number of seconds above 0"),
    ],
)
def test_a_malformed_number_is_a_user_error_naming_the_variable(name: str, value: str, message: str) -> None:
    with pytest.raises(UserError, match=message):
        Settings.from_env({**BASE, name: value})
    # a command that runs no crawl (an export, a digest) is not stopped by a crawl setting's typo
    assert Settings.from_env({**BASE, name: value}, running=False) == Settings.from_env(BASE)


def test_only_crawling_commands_are_stopped_by_a_malformed_crawl_setting(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from pipeline.cli import cli

    env = {"CASTWIRE_MAX_CRAWLS": "abc", "CASTWIRE_DATABASE_URL": f"sqlite:///{tmp_path}/c.sqlite"}
    assert CliRunner().invoke(cli, ["db", "upgrade"], env=env).exit_code == 0
    listed = CliRunner().invoke(cli, ["stories", "--json"], env=env)
    assert listed.exit_code == 0 and listed.output.strip() == "[]"
    crawled = CliRunner().invoke(cli, ["crawl"], env=env)
    assert crawled.exit_code != 0 and "CASTWIRE_MAX_CRAWLS: not a whole number above 0" in str(crawled.exception)


def test_the_user_agent_is_the_operators_when_set_and_must_fit_an_http_header() -> None:
    assert Settings.from_env(BASE).user_agent.startswith("castwire/")
    chosen = Settings.from_env({**BASE, "CASTWIRE_USER_AGENT": " castwire (+mailto:ops@example.org) "})
    assert chosen.user_agent == "castwire (+mailto:ops@example.org)"
    assert chosen.crawl_settings() == ["USER_AGENT=castwire (+mailto:ops@example.org)"]
    for bad in ("castwire\nX-Injected: 1", "카스트와이어"):
        with pytest.raises(UserError, match="CASTWIRE_USER_AGENT: an HTTP header takes one line of printable ASCII"):
            Settings.from_env({**BASE, "CASTWIRE_USER_AGENT": bad})


def test_a_malformed_user_agent_or_smtp_port_stops_only_the_commands_using_it(tmp_path: Path) -> None:
    """`CASTWIRE_USER_AGENT=$'bad\\tua' castwire stories` and `CASTWIRE_SMTP_PORT=abc castwire stories`
    stopped a command that sends no request and no mail (a scheduled export pull too)."""
    from click.testing import CliRunner

    from pipeline.cli import cli

    database = {"CASTWIRE_DATABASE_URL": f"sqlite:///{tmp_path}/c.sqlite"}
    assert CliRunner().invoke(cli, ["db", "upgrade"], env=database).exit_code == 0
    bad_agent = {**database, "CASTWIRE_USER_AGENT": "bad\tua"}
    bad_port = {**database, "CASTWIRE_SMTP_PORT": "abc", "CASTWIRE_SMTP_HOST": "127.0.0.1",
                "CASTWIRE_SMTP_FROM": "a@example.org", "CASTWIRE_SMTP_TO": "b@example.org"}
    for env in (bad_agent, bad_port):
        listed = CliRunner().invoke(cli, ["stories", "--json"], env=env)
        assert listed.exit_code == 0 and listed.output.strip() == "[]", listed.output
    for env, args, said in (
        (bad_agent, ["crawl"], "CASTWIRE_USER_AGENT: an HTTP header takes one line"),
        (bad_agent, ["extract", "http://127.0.0.1:9/page"], "CASTWIRE_USER_AGENT: an HTTP header takes one line"),
        (bad_agent, ["sources", "discover", "http://127.0.0.1:9/"], "CASTWIRE_USER_AGENT: an HTTP header takes one line"),
        (bad_port, ["digest", "--email"], "CASTWIRE_SMTP_PORT: not a port number (1 to 65535): 'abc'"),
    ):
        result = CliRunner().invoke(cli, args, env=env)
        assert result.exit_code != 0 and said in str(result.exception), (args, result.exception)
    with pytest.raises(UserError, match="CASTWIRE_USER_AGENT"):
        Settings.from_env({**BASE, "CASTWIRE_USER_AGENT": "bad\tua"}, running=False).crawl_settings()


@pytest.mark.parametrize(("url", "shown"), [
    ("redis://:s3cret@127.0.0.1:6379/14", "redis://:***@127.0.0.1:6379/14"),
    ("rediss://castwire:s3/cr@t@queue-host:6380/0", "rediss://castwire:***@queue-host:6380/0"),
    ("redis://queue-host:6379/0?password=s3cret&db=2", "redis://queue-host:6379/0?password=***&db=2"),
    ("unix://:s3cret@/run/redis.sock?db=1", "unix://:***@/run/redis.sock?db=1"),
    ("redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/0"),
    ("s3cret@queue-host:6379", "***@queue-host:6379"),  # not a URL: everything before the @ goes
])
def test_masked_url_hides_the_password_wherever_a_url_carries_one(url: str, shown: str) -> None:
    assert masked_url(url) == shown

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import os
import pty
import re
import select as io_select
import stat
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from sqlalchemy import event, select, update
from sqlalchemy.orm import Session, sessionmaker
from story_factory import T0, article, entity, source, story

from pipeline.choices import EXPORT_FORMATS, EXPORT_WHATS
from pipeline.cli import cli
from pipeline.digest import premiere_text
from pipeline.errors import UserError
from pipeline.export import (
    FIELDS,
    WRITE_ROWS,
    ExportFilters,
    _read_ahead,
    article_partitions,
    article_records,
    count_records,
    csv_cell,
    entity_records,
    export,
    resolve_names,
    schema,
    story_records,
    write_partitions,
)
from pipeline.stories import story_detail
from storage.db import open_database, session_factory, transaction
from storage.models import Article, Source, Story
from storage.repository import (
    article_export_pages,
    finish_crawl_run,
    merge_story,
    start_crawl_run,
    take_over_copies,
    utcnow,
)

NASTY = '=HYPERLINK("http://evil.example","click"), "quoted", line\nbreak, 한효주'


def populate(session: Session) -> dict[str, int]:
    kdd, sk = source(session, "kdd", "K-Drama Daily"), source(session, "sk", "Sportskeeda")
    ids = {"story": story(session, "Han Hyo-joo and Oguri Shun cast", show="Romantics Anonymous",
                          platforms=("Netflix",), people=("Han Hyo-joo", "Oguri Shun"))}
    facts = dict(shows=("Romantics Anonymous",), people=("Han Hyo-joo", "Oguri Shun"), platforms=("Netflix",))
    ids["a1"] = article(session, kdd, "kdd.example/1", story_id=ids["story"], title=NASTY, body="+1 body\r\nmore",
                        summary="-minus", authors=["@writer", "Kim"], tags=["casting", "netflix"], **facts)
    ids["a2"] = article(session, sk, "sk.example/1", story_id=ids["story"], title="Shun Oguri and Hyo Joo Han",
                        when=T0 + timedelta(hours=1), duplicate_of=ids["a1"], duplicate_kind="near", **facts)
    ids["a3"] = article(session, sk, "sk.example/2", title="\tTabbed trailer", category="trailer",
                        when=T0 + timedelta(days=2), shows=("Night Owl",))
    ids["a4"] = article(session, kdd, "kdd.example/undated", title="Undated", category="other", when=None,
                        fetched=T0 + timedelta(days=1))
    entity(session, "person", "Han Hyo-joo", aliases=("한효주",))
    return ids


@pytest.mark.parametrize("what", EXPORT_WHATS)
def test_json_and_jsonl_validate_against_the_shipped_schemas(sessions: sessionmaker[Session], what: str) -> None:
    with transaction(sessions) as session:
        populate(session)
        as_json, as_jsonl = io.BytesIO(), io.BytesIO()
        count = export(session, what, "json", as_json)
        assert export(session, what, "jsonl", as_jsonl) == count > 0
    records = json.loads(as_json.getvalue().decode())
    assert records == [json.loads(line) for line in as_jsonl.getvalue().decode().splitlines()]
    validator = jsonschema.Draft202012Validator(schema(what), format_checker=jsonschema.FormatChecker())
    for record in records:
        validator.validate(record)
        assert list(record) == list(FIELDS[what])


def test_article_records(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        ids = populate(session)
        out = io.BytesIO()
        export(session, "articles", "jsonl", out)
    records = {r["id"]: r for r in map(json.loads, out.getvalue().decode().splitlines())}
    first = records[ids["a1"]]
    assert (first["source"], first["source_name"], first["title"]) == ("kdd", "K-Drama Daily", NASTY)
    assert first["people"] == ["Han Hyo-joo", "Oguri Shun"] and first["platforms"] == ["Netflix"]
    assert first["published_at"] == "2026-11-20T03:00:00+00:00" and first["story_id"] == ids["story"]
    assert records[ids["a2"]]["duplicate_of"] == ids["a1"] and records[ids["a2"]]["duplicate_kind"] == "near"
    assert records[ids["a4"]]["published_at"] is None


def test_an_article_dated_by_its_day_alone_exports_that_day_and_says_it_has_no_time(
        sessions: sessionmaker[Session]) -> None:
    """A page giving 3 November alone (Auckland, placed at its noon: 23:00 UTC on 2 November) was
    exported as published 2026-11-02T23:00:00+00:00, a time and a day it never gave. The export
    keeps that instant (it orders the articles) and ends each row with the outlet's day and the
    precision: day, or time when the page gave one."""
    with transaction(sessions) as session:
        nz = source(session, "nz", "Auckland News")
        placed = datetime(2026, 11, 2, 23, 0, tzinfo=UTC)
        day_only = article(session, nz, "nz.example/day", when=placed, published_raw="3 November 2026",
                           published_offset_minutes=780)
        timed = article(session, nz, "nz.example/time", when=placed, published_raw="3 November 2026, 12:00pm",
                        published_offset_minutes=780)
        undated = article(session, nz, "nz.example/undated", when=None)
    with transaction(sessions) as session:
        by_id = {record["id"]: record for record in article_records(session)}
        text = exported(session, "articles", "csv")
    assert (by_id[day_only]["published_date"], by_id[day_only]["published_precision"]) == ("2026-11-03", "day")
    assert (by_id[timed]["published_date"], by_id[timed]["published_precision"]) == ("2026-11-03", "time")
    assert (by_id[undated]["published_date"], by_id[undated]["published_precision"]) == (None, None)
    assert by_id[day_only]["published_at"] == "2026-11-02T23:00:00+00:00"  # the instant, unchanged
    rows = list(csv.reader(io.StringIO(text)))
    at = rows[0].index("published_date")
    assert rows[0][at:at + 2] == ["published_date", "published_precision"]
    assert rows[0][:at] == list(FIELDS["articles"][:at])  # new fields after: columns read by place stay
    assert rows[1][at:at + 2] == ["2026-11-03", "day"]


def test_an_article_behind_a_paywall_says_so_in_the_last_column(sessions: sessionmaker[Session]) -> None:
    """Variety's VIP+ articles were exported as if their teaser were the article. The last column
    says which articles are only the start a paywall shows: true, false, empty when not known
    (stored before castwire looked)."""
    with transaction(sessions) as session:
        variety = source(session, "variety", "Variety")
        ids = [article(session, variety, f"variety.example/{n}", paywalled=flag)
               for n, flag in enumerate((True, False, None))]
    with transaction(sessions) as session:
        records = {record["id"]: record["paywalled"] for record in article_records(session)}
        rows = list(csv.reader(io.StringIO(exported(session, "articles", "csv"))))
    assert [records[i] for i in ids] == [True, False, None]
    assert rows[0][-1] == "paywalled" and rows[0][:-1] == list(FIELDS["articles"][:-1])
    assert {int(row[0]): row[-1] for row in rows[1:]} == dict(zip(ids, ["true", "false", ""], strict=True))


def test_csv_round_trips_with_rfc4180_quoting_and_neutralised_formulas(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        ids = populate(session)
        out = io.BytesIO()
        export(session, "articles", "csv", out)
    raw = out.getvalue().decode()
    assert raw.startswith(",".join(FIELDS["articles"]) + "\r\n")
    rows = list(csv.DictReader(io.StringIO(raw, newline="")))
    first = next(r for r in rows if r["id"] == str(ids["a1"]))
    assert first["title"] == "'" + NASTY  # formula neutralised, quotes/commas/newline intact
    assert first["body"] == "'+1 body\r\nmore" and first["summary"] == "'-minus"
    assert first["authors"] == "'@writer; Kim" and first["tags"] == "casting; netflix"
    assert first["people"] == "Han Hyo-joo; Oguri Shun"
    assert next(r for r in rows if r["id"] == str(ids["a3"]))["title"] == "'\tTabbed trailer"
    assert next(r for r in rows if r["id"] == str(ids["a4"]))["published_at"] == ""


def test_json_lines_stay_one_line_for_readers_that_also_end_lines_at_unicode_separators() -> None:
    out = io.BytesIO()
    write_partitions([[(1, "line\u2028separator"), (2, "next\x85line\u2029paragraph")]], ["id", "title"], "jsonl", out)
    text = out.getvalue().decode()
    assert len(text.splitlines()) == 2  # str.splitlines also splits at U+2028, U+2029, U+0085
    assert [json.loads(line)["title"] for line in text.splitlines()] == [
        "line\u2028separator", "next\x85line\u2029paragraph"]


def test_csv_cell() -> None:
    assert [csv_cell(v) for v in ("=1+1", "+1", "-1", "@SUM", "\tx", "\rx", "ok", 5, None, ["a", "b"], [], True, False)] == [
        "'=1+1", "'+1", "'-1", "'@SUM", "'\tx", "'\rx", "ok", 5, "", "a; b", "", "true", "false"]


def exported_ids(session: Session, what: str, **filters: object) -> list[int]:
    out = io.BytesIO()
    export(session, what, "jsonl", out, ExportFilters(**filters))  # type: ignore[arg-type]
    return [json.loads(line)["id"] for line in out.getvalue().decode().splitlines()]


def test_filters(sessions: sessionmaker[Session]) -> None:
    def ids_of(what: str, **filters: object) -> list[int]:
        return exported_ids(session, what, **filters)

    with transaction(sessions) as session:
        ids = populate(session)
        assert ids_of("articles", since=T0 + timedelta(hours=1)) == [ids["a2"], ids["a3"], ids["a4"]]
        assert ids_of("articles", until=T0 + timedelta(hours=1)) == [ids["a1"]]
        assert ids_of("articles", category="trailer") == [ids["a3"]] == ids_of("articles", category="Trailer")
        assert ids_of("articles", source_slug="sk") == [ids["a2"], ids["a3"]]
        assert ids_of("articles", person="Hyo Joo Han") == [ids["a1"], ids["a2"]]
        assert ids_of("articles", person="한효주") == [ids["a1"], ids["a2"]]  # through the stored alias
        assert ids_of("articles", show="romantic anonymous") == [ids["a1"], ids["a2"]]
        assert ids_of("articles", person="Nobody Here") == []
        assert ids_of("stories", person="Oguri Shun") == [ids["story"]]
        assert ids_of("stories", source_slug="sk", category="casting") == [ids["story"]]
        assert ids_of("stories", since=T0 + timedelta(days=1)) == []
        people = ids_of("entities", show="Night Owl")
        assert len(people) == 1
        assert count_records(session, "articles", ExportFilters(source_slug="kdd")) == 2
        assert ids_of("articles", source_slug="nope") == []  # the CLI tells a typo from a quiet source
        # a story is about its own show, not one its articles name in passing (as `stories --show`)
        night_owl = story(session, "Night Owl trailer", category="trailer", show="Night Owl")
        article(session, source(session, "kdd", "K-Drama Daily"), "kdd.example/owl", story_id=night_owl,
                title="Night Owl trailer, after Romantics Anonymous", shows=("Night Owl", "Romantics Anonymous"))
        assert ids_of("stories", show="Romantics Anonymous") == [ids["story"]]
        assert ids_of("stories", show="night owl") == [night_owl]
        assert count_records(session, "stories", ExportFilters(show="Romantics Anonymous")) == 1
        assert ids_of("stories", show="Nothing Known") == []
        for bad, message in (({"category": "gossip"}, "unknown category"),
                             ({"since": T0, "until": T0}, "before --until")):
            with pytest.raises(UserError, match=message):
                ids_of("articles", **bad)
            for what, fmt in itertools.product(EXPORT_WHATS, ("json", "csv")):  # nothing written before the error
                out = io.BytesIO()
                with pytest.raises(UserError, match=message):
                    export(session, what, fmt, out, ExportFilters(**bad))  # type: ignore[arg-type]
                assert out.getvalue() == b"", (what, fmt)


def test_person_filter_finds_the_person_under_a_name_in_another_script(sessions: sessionmaker[Session]) -> None:
    """--person "Moriyama Kohei" also exports a Japanese article that writes only 森山航平,
    and --person 森山航平 the English one; another given name finds neither."""
    with transaction(sessions) as session:
        jp, kdd = source(session, "jp", "Dorama JP"), source(session, "kdd", "K-Drama Daily")
        kanji = article(session, jp, "jp.example/white", title="「白い航路」がクランクイン", people=("森山航平",))
        latin = article(session, kdd, "kdd.example/white", title="Moriyama Kohei leads 'White Route'",
                        when=T0 + timedelta(hours=1), people=("Moriyama Kohei",))
        other = article(session, kdd, "kdd.example/other", title="Moriyama Shota joins 'Night Owl'",
                        when=T0 + timedelta(hours=2), people=("Moriyama Shota",))
        assert exported_ids(session, "articles", person="Moriyama Kohei") == [kanji, latin]
        assert exported_ids(session, "articles", person="Kohei Moriyama") == [kanji, latin]
        assert exported_ids(session, "articles", person="森山航平") == [kanji, latin]
        assert exported_ids(session, "articles", person="Moriyama Shota") == [other]


def test_a_later_seasons_premiere_says_its_season_in_the_stories_export(sessions: sessionmaker[Session]) -> None:
    """The calendar told season 2's premiere from season 1's, but the stories export gave both the
    same fields: a tool reading it could not tell which season a date was of."""
    with transaction(sessions) as session:
        first = story(session, "'Crimson Harbor' sets October 8 premiere", category="release", show="Crimson Harbor",
                      premiere=date(2026, 10, 8))
        second = story(session, "'Crimson Harbor' Season 2 sets October 6, 2027 premiere", category="release",
                       show="Crimson Harbor", premiere=date(2027, 10, 6), when=T0 + timedelta(days=30))
        session.get_one(Story, second).premiere_season = "Season 2"
        session.flush()
        out = io.BytesIO()
        export(session, "stories", "json", out)
        shown = {story_id: premiere_text(story_detail(session, story_id).story) for story_id in (first, second)}
    seasons = {record["id"]: record["premiere_season"] for record in json.loads(out.getvalue().decode())}
    assert seasons == {first: None, second: "Season 2"}
    assert shown == {first: "2026-10-08", second: "2027-10-06 (Season 2)"}  # castwire story, the digest


def test_a_story_reported_by_its_day_alone_exports_that_day_and_says_it_has_no_time(
        sessions: sessionmaker[Session]) -> None:
    """A story whose first report gives 3 November alone (Auckland, placed at its noon: 23:00 UTC
    on 2 November) was exported with first_published_at 2026-11-02T23:00:00+00:00 only, a day
    and a time that report never gave. Each row now ends with the outlet's day and the precision
    of the first and the last report, as an article's row does."""
    with transaction(sessions) as session:
        nz = source(session, "nz", "Auckland News")
        placed = datetime(2026, 11, 2, 23, 0, tzinfo=UTC)
        cast = story(session, "Han Hyo-joo joins Romantics Anonymous", when=placed)
        article(session, nz, "nz.example/day", story_id=cast, when=placed, published_raw="3 November 2026",
                published_offset_minutes=780)
        article(session, nz, "nz.example/time", story_id=cast, when=placed + timedelta(hours=5),
                published_raw="3 November 2026, 5:00pm", published_offset_minutes=780)
    with transaction(sessions) as session:
        [record] = story_records(session)
        text = exported(session, "stories", "csv")
    assert record["first_published_at"] == "2026-11-02T23:00:00+00:00"  # the instant, unchanged
    assert (record["first_published_date"], record["first_published_precision"]) == ("2026-11-03", "day")
    assert (record["last_published_date"], record["last_published_precision"]) == ("2026-11-03", "time")
    new = ["first_published_date", "first_published_precision", "last_published_date", "last_published_precision"]
    header, row = csv.reader(io.StringIO(text))
    assert header[-4:] == new and header[:-4] == list(FIELDS["stories"][:-4])  # new fields last
    assert row[-4:] == ["2026-11-03", "day", "2026-11-03", "time"]


def test_story_and_entity_records(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        ids = populate(session)
        stories, entities = io.BytesIO(), io.BytesIO()
        export(session, "stories", "json", stories)
        export(session, "entities", "json", entities)
    [record] = json.loads(stories.getvalue().decode())
    assert record["id"] == ids["story"] and record["sources"] == ["kdd", "sk"]
    assert record["urls"] == ["https://kdd.example/1", "https://sk.example/1"]
    han = next(e for e in json.loads(entities.getvalue().decode()) if e["name"] == "Han Hyo-joo")
    assert han["kind"] == "person" and han["aliases"] == ["한효주"] and han["article_count"] == 2


def test_entities_castwire_takes_as_one_person_or_show_share_same_as(sessions: sessionmaker[Session]) -> None:
    """One person stored under a Latin and a Hangul name, one show under its English, Japanese
    and Korean titles were rows with nothing linking them, though ``--person``/``--show`` and the
    stories take them as one: ``same_as`` is the lowest id among them. A show's title in another
    script takes two reports of the story: one misfiled report (the Japanese title in the Night
    Ferry story) joined the two shows for good."""
    with transaction(sessions) as session:
        news = source(session, "news")
        people = [entity(session, "person", name) for name in ("Park Seo-jin", "Kim Bo-ra", "박서진", "パク・ソジン")]
        about = story(session, "Harbour Lights cast", show="Harbour Lights")
        for n, (title, cast) in enumerate([("Harbour Lights", "Park Seo-jin"), ("항구의 불빛", "박서진"),
                                           ("港の灯り", "パク・ソジン"), ("항구의 불빛", "박서진"),
                                           ("港の灯り", "パク・ソジン")]):
            article(session, news, f"news.example/{n}", story_id=about, shows=(title,), people=(cast,))
        other = story(session, "Night Ferry trailer", show="Night Ferry", category="trailer")
        article(session, news, "news.example/9", story_id=other, shows=("Night Ferry",), people=("Kim Bo-ra",))
        article(session, news, "news.example/8", story_id=other, shows=("港の灯り",))
        records = {(r["kind"], r["name"]): r["same_as"] for r in entity_records(session)}
    park = people[0]
    assert {name: records[("person", name)] for name in ("Park Seo-jin", "박서진", "パク・ソジン", "Kim Bo-ra")} == {
        "Park Seo-jin": park, "박서진": park, "パク・ソジン": park, "Kim Bo-ra": people[1]}
    shows = {name: same for (kind, name), same in records.items() if kind == "show"}
    assert shows["항구의 불빛"] == shows["港の灯り"] == shows["Harbour Lights"] != shows["Night Ferry"]


@pytest.mark.parametrize("what", EXPORT_WHATS)
def test_the_readme_table_and_the_schema_list_the_fields_in_their_order(what: str) -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    section = readme.split(f"(`--what {what}`)\n", 1)[1].split("\n#", 1)[0]
    assert re.findall(r"^\| `(\w+)` \|", section, re.MULTILINE) == list(FIELDS[what])
    assert list(schema(what)["properties"]) == schema(what)["required"] == list(FIELDS[what])


def _populated(tmp_path: Path) -> str:
    """The URL of a SQLite file holding :func:`populate`'s data."""
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    engine = open_database(url)
    with transaction(session_factory(engine)) as session:
        populate(session)
    engine.dispose()
    return url


def test_cli_export_to_file_and_stdout(tmp_path: Path) -> None:
    url = _populated(tmp_path)
    runner = CliRunner()
    out = tmp_path / "articles.csv"
    result = runner.invoke(cli, ["--db", url, "export", "--what", "articles", "--format", "csv", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # not a terminal: no progress
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []
    with out.open(encoding="utf-8", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == 4
    result = runner.invoke(cli, ["--db", url, "export", "--what", "stories", "--person", "Oguri Shun"])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 1
    bad = runner.invoke(cli, ["--db", url, "export", "--category", "gossip", "--out", str(tmp_path / "x.json")])
    assert isinstance(bad.exception, UserError)
    assert not (tmp_path / "x.json").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def test_cli_export_of_a_catalogue_source_nothing_came_from_yet_is_empty_and_a_typo_is_an_error(
        tmp_path: Path) -> None:
    """A scheduled pull with --source must not fail before that source's first crawl."""
    url = _populated(tmp_path)
    catalogue = tmp_path / "sources.toml"
    catalogue.write_text('[quiet]\nname = "Quiet"\nhomepage = "https://quiet.example/"\nlanguage = "en"\n'
                         'feeds = ["https://quiet.example/feed"]\n', "utf-8")
    runner = CliRunner()
    base = ["--db", url, "--sources", str(catalogue), "export", "--format", "csv", "--source"]
    empty = runner.invoke(cli, [*base, "quiet"])
    assert empty.exit_code == 0, empty.output
    assert empty.stdout.splitlines() == [",".join(FIELDS["articles"])]
    assert "nothing stored from source 'quiet' yet" in empty.stderr
    stored = runner.invoke(cli, [*base, "kdd"])
    assert stored.exit_code == 0 and len(list(csv.DictReader(io.StringIO(stored.stdout)))) == 2
    typo = runner.invoke(cli, [*base, "kddd"])
    assert isinstance(typo.exception, UserError)
    assert str(typo.exception) == "--source: unknown source 'kddd' (known: kdd, quiet, sk)"


def test_cli_export_of_a_source_whose_crawls_all_failed_says_nothing_came_from_it_yet(tmp_path: Path) -> None:
    """A failed crawl stores its source (and its run) but no article: that made it a "stored
    source", and the README's note was missing (a feed answering 404 from the first day)."""
    url = _populated(tmp_path)
    engine = open_database(url)
    with transaction(session_factory(engine)) as session:
        source(session, "dead", "Dead Feed")
        finish_crawl_run(session, start_crawl_run(session, "dead", pid=None), status="failed", error="HTTP 404")
    engine.dispose()
    result = CliRunner().invoke(cli, ["--db", url, "export", "--format", "csv", "--source", "dead"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [",".join(FIELDS["articles"])]
    assert result.stderr == "nothing stored from source 'dead' yet\n"
    stored = CliRunner().invoke(cli, ["--db", url, "export", "--format", "csv", "--source", "kdd"])
    assert stored.exit_code == 0 and stored.stderr == ""


@pytest.mark.parametrize("command", ["export", "stories"])
@pytest.mark.parametrize(("option", "value"), [("--show", ""), ("--person", ""), ("--show", "  "), ("--person", " ")])
def test_an_empty_or_blank_name_filter_is_a_usage_error(tmp_path: Path, command: str, option: str,
                                                        value: str) -> None:
    """`--show ""` (a variable left empty in a scheduled pull) exported nothing, or listed every
    story, with status 0."""
    url = _populated(tmp_path)
    result = CliRunner().invoke(cli, ["--db", url, command, option, value])
    assert result.exit_code == 2 and f"Invalid value for '{option}'" in result.stderr
    assert result.stdout == ""


def test_a_name_filter_naming_nothing_stored_says_so_on_an_empty_export(tmp_path: Path) -> None:
    """A typo in a scheduled pull (`--show "Romantic Anonymos"`) wrote empty files every day
    without a word; a name stored but with nothing in the window is no typo: no note."""
    url = _populated(tmp_path)
    runner = CliRunner()
    typo = runner.invoke(cli, ["--db", url, "export", "--what", "stories", "--show", "Romantic Anonymos"])
    assert typo.exit_code == 0 and typo.stdout == ""
    assert typo.stderr.startswith("--show: no show named 'Romantic Anonymos' is stored (")
    assert len(typo.stderr.splitlines()) == 1
    nobody = runner.invoke(cli, ["--db", url, "export", "--person", "Oguri Shin"])
    assert nobody.exit_code == 0 and nobody.stderr.startswith("--person: no person named 'Oguri Shin' is stored")
    for option, name in (("--show", "romantics anonymous"), ("--person", "Shun Oguri"), ("--person", "한효주")):
        known = runner.invoke(cli, ["--db", url, "export", option, name, "--until", "2000-01-01"])
        assert known.exit_code == 0 and known.stdout == "" and known.stderr == "", (name, known.stderr)


def test_a_format_other_than_the_file_name_says_is_written_with_a_note(tmp_path: Path) -> None:
    """`--out pull.csv --format json` wrote JSON into a .csv file without a word."""
    url = _populated(tmp_path)
    runner = CliRunner()
    out = tmp_path / "pull.csv"
    result = runner.invoke(cli, ["--db", url, "export", "--format", "json", "--out", str(out)])
    assert result.exit_code == 0 and out.read_text("utf-8").startswith("[")
    assert result.stderr == f"--out {out}: writing json (--format) into a file named for csv\n"
    for name, given in (("pull.json", ("--format", "json")), ("pull.csv", ()), ("pull.txt", ("--format", "csv"))):
        agreed = runner.invoke(cli, ["--db", url, "export", *given, "--out", str(tmp_path / name)])
        assert agreed.exit_code == 0 and agreed.stderr == "", name



def test_a_file_name_of_no_export_format_without_format_is_an_error_and_nothing_is_written(tmp_path: Path) -> None:
    """`--out pull.xlsx` wrote JSON Lines into pull.xlsx without a word (a spreadsheet program
    then fails on it): without --format, a name ending in no format castwire writes is an error
    naming the formats, and no file is written. A name without extension is JSON Lines, as before."""
    url = _populated(tmp_path)
    runner = CliRunner()
    out = tmp_path / "pull.xlsx"
    refused = runner.invoke(cli, ["--db", url, "export", "--out", str(out)])
    assert isinstance(refused.exception, UserError) and str(refused.exception) == (
        f"--out {out}: castwire writes no .xlsx file: name it .csv, .json, .jsonl or .ndjson, "
        "or give --format csv, json or jsonl (nothing was written)")
    assert not [path.name for path in tmp_path.iterdir() if path.name.startswith("pull")]
    given = runner.invoke(cli, ["--db", url, "export", "--format", "csv", "--out", str(out)])  # as asked
    assert given.exit_code == 0 and given.stderr == "" and out.read_text("utf-8").startswith("id,")
    bare = runner.invoke(cli, ["--db", url, "export", "--out", str(tmp_path / "pull")])
    assert bare.exit_code == 0 and (tmp_path / "pull").read_text("utf-8").startswith("{")

def test_until_is_exclusive_and_help_and_readme_say_so_alike(tmp_path: Path) -> None:
    """An article published at exactly --until is left out; `--help` said only "Published
    before" and the README nothing."""
    url = _populated(tmp_path)
    at = CliRunner().invoke(cli, ["--db", url, "export", "--since", "2026-11-20T02:00", "--until", T0.isoformat()])
    after = CliRunner().invoke(cli, ["--db", url, "export", "--since", T0.isoformat(), "--until", "2026-11-20T03:01"])
    assert [json.loads(line)["published_at"] for line in at.stdout.splitlines()] == []
    assert [json.loads(line)["published_at"] for line in after.stdout.splitlines()] == [T0.isoformat()]
    said = " ".join(CliRunner().invoke(cli, ["export", "--help"]).stdout.split())
    assert "--until DATETIME Published before, not at" in said
    readme = " ".join((Path(__file__).parent.parent / "README.md").read_text("utf-8").split())
    assert "`--until` before, not at (an article published at exactly that time is left out" in readme


def test_changed_since_pulls_what_was_stored_or_updated_whatever_its_publication_time(
        sessions: sessionmaker[Session]) -> None:
    """An incremental pull: an article published long before the last pull but stored after it
    (a late crawl) and a new version of an old article are in the next pull, the rest is not."""
    pulled = T0 + timedelta(days=10)
    with transaction(sessions) as session:
        ids = populate(session)
        kdd = source(session, "kdd", "K-Drama Daily")
        late = article(session, kdd, "kdd.example/late", title="Late", when=T0, fetched=pulled + timedelta(hours=1))
        edited = session.get(Article, ids["a3"])
        assert edited is not None
        edited.fetched_at, edited.updated_at, edited.version = pulled + timedelta(hours=2), pulled + timedelta(hours=2), 2
        changed_story = session.get(Story, ids["story"])
        assert changed_story is not None
        changed_story.updated_at = pulled + timedelta(minutes=5)
        session.flush()
        since = ExportFilters(changed_since=pulled)
        assert [r["id"] for r in article_records(session, since)] == sorted([ids["a3"], late])
        assert count_records(session, "articles", since) == 2
        assert [r["id"] for r in story_records(session, since)] == [ids["story"]]
        # with the other filters, on publication times
        assert [r["id"] for r in article_records(session, replace(since, until=T0 + timedelta(days=1)))] == [late]
        with pytest.raises(UserError, match="--changed-since is for articles and stories"):
            list(entity_records(session, since))


def test_articles_moved_to_another_story_or_given_a_new_original_are_in_the_next_pull(
        sessions: sessionmaker[Session]) -> None:
    """Their story id, or the article they copy, changed: a consumer's copy must hear of it."""
    with transaction(sessions) as session:
        ids = populate(session)
        kdd = source(session, "kdd", "K-Drama Daily")
        other = story(session, "Romantics Anonymous casting, again", show="Romantics Anonymous")
        moved = article(session, kdd, "kdd.example/moved", story_id=other, title="Moved")
        earlier = article(session, kdd, "kdd.example/earlier", title="Earlier", when=T0 - timedelta(hours=1))
        pulled = utcnow()
        merge_story(session, into=ids["story"], other=other)
        take_over_copies(session, ids["a1"], earlier, content_hash="x")
        session.flush()
        records = {r["id"]: r for r in article_records(session, ExportFilters(changed_since=pulled))}
    assert sorted(records) == sorted([moved, ids["a1"], ids["a2"]])
    assert records[moved]["story_id"] == ids["story"]
    assert records[ids["a1"]]["duplicate_of"] == earlier == records[ids["a2"]]["duplicate_of"]


def test_two_runs_writing_one_file_each_write_their_own_temporary_file(tmp_path: Path) -> None:
    """Overlapping pulls to the same --out: each file written whole, the last one to finish wins."""
    from pipeline.commands.outputs import _file_output

    target = tmp_path / "same.jsonl"
    with _file_output(str(target)) as first:
        first.write(b"first run\n" * 1000)
        with _file_output(str(target)) as second:
            second.write(b"second run\n" * 10)
        assert target.read_bytes() == b"second run\n" * 10
        first.write(b"first run\n" * 1000)
    assert target.read_bytes() == b"first run\n" * 2000
    assert [p.name for p in tmp_path.iterdir()] == ["same.jsonl"]


def test_writing_through_a_symbolic_link_writes_its_file_and_keeps_its_permissions(tmp_path: Path) -> None:
    from pipeline.commands.outputs import _file_output

    target, link = tmp_path / "target.csv", tmp_path / "link.csv"
    target.write_text("old", "utf-8")
    target.chmod(0o640)
    link.symlink_to(target)
    with _file_output(str(link)) as out:
        out.write(b"new")
    assert link.is_symlink() and target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640


def _read_fifo(fd: int) -> bytes:
    """All a named pipe opened without blocking holds once its writer has closed it."""
    data = b""
    while chunk := os.read(fd, 65536):
        data += chunk
    return data


@pytest.mark.parametrize("command", [["export", "--what", "stories", "--format", "json"], ["feed"], ["calendar"]])
def test_a_named_pipe_given_as_out_is_written_into_not_replaced(tmp_path: Path, command: list[str]) -> None:
    """`--out` a named pipe (a reader waiting on it): the temporary file was renamed over it, so
    the reader got nothing, the pipe became a file and the run still said it succeeded."""
    url = _populated(tmp_path)
    fifo = tmp_path / "pipe.out"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader is there: the writer need not wait
    try:
        result = CliRunner().invoke(cli, ["--db", url, *command, "--out", str(fifo)])
        received = _read_fifo(reader)
    finally:
        os.close(reader)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert received.startswith((b"[", b"<?xml", b"BEGIN:VCALENDAR"))
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def test_a_reader_gone_from_an_out_pipe_ends_quietly_and_a_full_device_is_an_error(tmp_path: Path) -> None:
    """A reader gone from the `--out` pipe (EPIPE) ends as one gone from standard output does:
    no word, status 141 (it was status 1 with an error line); a full device (ENOSPC on
    /dev/full) is an error: one line, status 1. The pipe or device is left as it was."""
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    engine = open_database(url)
    with transaction(session_factory(engine)) as session:
        kdd = source(session, "kdd", "K-Drama Daily")
        for n in range(50):  # far more than a pipe holds
            article(session, kdd, f"kdd.example/{n}", title=f"Article {n}", body="A sentence of news. " * 200)
    engine.dispose()
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    command = [sys.executable, "-c", "import sys; from pipeline.cli import main; sys.argv[0] = 'castwire'; main()",
               "--db", url, "export", "--out"]
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    with subprocess.Popen([*command, str(fifo)], stderr=subprocess.PIPE, text=True) as process:
        try:  # the reader stops once the first bytes came (a wait bounded only so that a regression cannot hang)
            io_select.select([reader], [], [], 60)
        finally:
            os.close(reader)
        try:
            errors = process.communicate(timeout=60)[1]
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # (a file renamed over it before: never go on to a device then)
    assert (process.returncode, errors) == (141, "")
    if not os.path.exists("/dev/full"):
        return
    full = subprocess.run([*command, "/dev/full"], capture_output=True, text=True, timeout=60)
    assert full.returncode == 1 and full.stderr == "castwire: error: cannot write /dev/full: No space left on device\n"
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)
    discarded = subprocess.run([*command, "/dev/null"], capture_output=True, text=True, timeout=60)
    assert discarded.returncode == 0 and stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def test_sigterm_while_writing_a_file_leaves_no_temporary_file_and_exits_143(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    script = (
        "import os, signal, sys\n"
        "from pipeline.commands.outputs import _file_output\n"
        "from pipeline.errors import Terminated\n"
        "try:\n"
        f"    with _file_output({str(target)!r}) as out:\n"
        "        out.write(b'x' * 100_000)\n"
        "        os.kill(os.getpid(), signal.SIGTERM)\n"
        "        out.write(b'never')\n"
        "except Terminated:\n"
        "    sys.exit(143)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 143, done.stderr
    assert list(tmp_path.iterdir()) == []  # neither the file nor its temporary file


def test_an_export_read_by_a_program_that_stops_early_ends_quietly_not_as_a_complete_export(tmp_path: Path) -> None:
    """`castwire export | head -1`, or an uploader that crashed: the export is incomplete, which
    must not look like a complete one (status 0), nor is it castwire's error: no word, the
    status of a process SIGPIPE ended, as `yes | head -1` gives."""
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    engine = open_database(url)
    with transaction(session_factory(engine)) as session:
        kdd = source(session, "kdd", "K-Drama Daily")
        for n in range(300):  # a megabyte or so: far more than a pipe holds
            article(session, kdd, f"kdd.example/{n}", title=f"Article {n}", body="A sentence of news. " * 200)
    engine.dispose()
    command = [sys.executable, "-c", "import sys; from pipeline.cli import main; sys.argv[0] = 'castwire'; main()",
               "--db", url, "export", "--format", "csv"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        first = process.stdout.readline()
        process.stdout.close()  # as head does once it has its line
        errors = process.stderr.read().decode()
        assert process.wait(timeout=60) == 141, errors
    assert first.startswith(b"id,source,"), errors
    assert errors == ""


@pytest.mark.parametrize(("name", "starts"), [("pull.json", "[\n{"), ("pull.csv", "id,source,"), ("pull.jsonl", "{"),
                                              ("pull.ndjson", "{"), ("pull", "{")])
def test_the_format_follows_the_file_name_unless_given(tmp_path: Path, name: str, starts: str) -> None:
    url = _populated(tmp_path)
    out = tmp_path / name
    result = CliRunner().invoke(cli, ["--db", url, "export", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text("utf-8").startswith(starts)
    given = CliRunner().invoke(cli, ["--db", url, "export", "--format", "jsonl", "--out", str(tmp_path / "x.json")])
    assert given.exit_code == 0 and (tmp_path / "x.json").read_text("utf-8").startswith("{")


def test_cli_export_csv_with_a_byte_order_mark_for_excel(tmp_path: Path) -> None:
    url = _populated(tmp_path)
    runner = CliRunner()
    marked = runner.invoke(cli, ["--db", url, "export", "--what", "entities", "--format", "csv", "--bom"])
    plain = runner.invoke(cli, ["--db", url, "export", "--what", "entities", "--format", "csv"])
    assert marked.exit_code == plain.exit_code == 0, marked.output
    assert marked.stdout_bytes == codecs.BOM_UTF8 + plain.stdout_bytes
    rows = list(csv.DictReader(io.StringIO(marked.stdout_bytes.decode("utf-8-sig"), newline="")))
    assert "한효주" in {alias for row in rows for alias in row["aliases"].split("; ")}
    assert list(rows[0])[0] == "id"
    out = tmp_path / "entities.json"
    refused = runner.invoke(cli, ["--db", url, "export", "--what", "entities", "--format", "json", "--bom",
                                  "--out", str(out)])
    assert isinstance(refused.exception, UserError) and "--bom is for --format csv" in str(refused.exception)
    assert not out.exists()


def test_cli_export_to_file_shows_progress_when_stderr_is_a_terminal(tmp_path: Path) -> None:
    """In a real terminal (a pseudo-terminal here) the export to a file reports on stderr."""
    url = _populated(tmp_path)
    out = tmp_path / "articles.jsonl"
    reader, terminal = pty.openpty()
    try:
        finished = subprocess.run(
            [sys.executable, "-c", "from pipeline.cli import main; main()", "--db", url, "export", "--out", str(out)],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=terminal, timeout=60, check=False)
        os.close(terminal)
        shown = b""
        while chunk := _read_terminal(reader):
            shown += chunk
    finally:
        os.close(reader)
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\r|\n", "", shown.decode())  # without colours and line breaks
    assert finished.returncode == 0 and finished.stdout == b""
    assert "exporting articles" in text and f"wrote 4 articles to {out}" in text
    assert len(out.read_text(encoding="utf-8").splitlines()) == 4


def _read_terminal(fd: int) -> bytes:
    try:
        return os.read(fd, 65536)
    except OSError:  # the other end is closed (EIO on Linux)
        return b""


# --------------------------------------------------------------------------- byte-exact reference
# The exporter's output compared byte for byte with what the README specifies, built
# independently: records from the ORM objects, CSV through the csv module, JSON through json.

AWKWARD = ["=1+1", "+plus", "-minus", "@at", "\tTab", "\rCR", 'say "hi", then\nleave', "a\r\nb", "plain",
           "한효주 (Han Hyo-joo)", "control \x01\x1f\x7f end", "back\\slash / solidus", "line\u2028sep", "", "'quoted",
           '},{"id":1} }\n{"id": {"id":']


def populate_awkward(session: Session) -> None:
    """Articles whose every text field is awkward for CSV or JSON, times with and without microseconds."""
    odd = source(session, "=odd", 'Site, "The" =')
    plain = source(session, "plain", "Plain News")
    story_id = story(session, "Awkward story", show="Show", people=("-Minus",))
    for n, text in enumerate(AWKWARD):
        other = AWKWARD[(n + 5) % len(AWKWARD)]
        when = T0 + timedelta(hours=n, microseconds=120_000 * (n % 3))  # .000000, .120000, .240000
        row = article(
            session, odd if n % 2 else plain, f"awkward.example/{n}", story_id=story_id if n % 3 else None,
            title=text if n % 4 else None, body=other, summary=text or None, when=when if n % 5 else None,
            fetched=T0 + timedelta(days=1, microseconds=n), category=("casting", "release", None)[n % 3],
            authors=[text, other] if n % 2 else [], tags=[other] if n % 3 else [],
            modified_at=when + timedelta(minutes=1) if n % 2 else None, language=("en", "ko", None, "=x")[n % 4],
            image_url=f"https://img.example/{n},{text[:3]}" if n % 2 else None, paywalled=(True, False, None)[n % 3],
            premiere_date=date(2026, 12, n + 1) if n % 2 else None, premiere_precision="day" if n % 2 else None,
            duplicate_kind="near" if n % 4 == 1 else None, version=n + 1,
            # every third a day alone, placed at noon in Auckland: 23:00 UTC the day before
            published_raw=("2026-11-03" if n % 3 == 1 else f"{when:%Y-%m-%d %H:%M}") if n % 5 else None,
            published_offset_minutes=(780 if n % 3 == 1 else 540) if n % 5 else None,
        )
        session.get_one(Article, row).event_keys = {
            "shows": {"k1": other, "k2": other, "k3": "Show"}, "subject": ["k1"],
            "people": {"p1": text, "p2": "-Minus", "p3": text}, "platforms": {} if n % 2 else {"n": "Netflix"},
        }
    session.flush()


def reference_article_records(session: Session) -> list[dict[str, Any]]:
    """The README's article records, from the ORM's values."""
    sources = {row.id: row for row in session.scalars(select(Source))}

    def iso(value: datetime | date | None) -> str | None:
        if isinstance(value, datetime):
            assert value.utcoffset() is not None
            return value.astimezone(UTC).isoformat()
        return value.isoformat() if value is not None else None

    records = []
    for row in session.scalars(select(Article).order_by(Article.id)):
        keys = row.event_keys
        records.append({
            "id": row.id, "source": sources[row.source_id].slug, "source_name": sources[row.source_id].name,
            "url": row.url, "canonical_url": row.canonical_url, "title": row.title,
            "published_at": iso(row.published_at), "modified_at": iso(row.modified_at),
            "fetched_at": iso(row.fetched_at), "language": row.language, "authors": row.authors,
            "category": row.category, "premiere_date": iso(row.premiere_date),
            "premiere_precision": row.premiere_precision, "tags": row.tags,
            **{kind: list(dict.fromkeys(keys.get(kind, {}).values())) for kind in ("shows", "people", "platforms")},
            "summary": row.summary, "image_url": row.image_url, "duplicate_of": row.duplicate_of_id,
            "duplicate_kind": row.duplicate_kind, "story_id": row.story_id, "version": row.version,
            "content_hash": row.content_hash, "previous_hash": row.previous_hash, "body": row.body,
            "published_date": iso((row.published_at + timedelta(minutes=row.published_offset_minutes or 0)).date())
            if row.published_at else None,
            "published_precision": None if row.published_at is None else
            "day" if row.published_raw and re.fullmatch(r"\d{4}-\d\d-\d\d", row.published_raw) else "time",
            "paywalled": row.paywalled,
        })
    return records


def reference_csv(records: list[dict[str, Any]], fields: tuple[str, ...]) -> str:
    """CSV per the README through the csv module: null empty, lists joined, formulas neutralised."""
    def cell(value: Any) -> Any:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, list):
            value = "; ".join(value)
        if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
            value = "'" + value
        return value

    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")  # QUOTE_MINIMAL: quotes , " CR LF; None -> empty
    writer.writerow(fields)
    writer.writerows([cell(record[field]) for field in fields] for record in records)
    return out.getvalue()


def reference_json(records: list[dict[str, Any]]) -> tuple[str, str]:
    """(JSON, JSON Lines): compact, UTF-8 (not ASCII-escaped but for U+2028, U+2029 and U+0085,
    which line readers may end a line at), one record per line."""
    lines = [json.dumps(record, ensure_ascii=False, separators=(",", ":"))
             .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\u0085")
             for record in records]
    return "[\n" + ",\n".join(lines) + "\n]\n", "".join(line + "\n" for line in lines)


def exported(session: Session, what: str, fmt: str, filters: ExportFilters | None = None) -> str:
    out = io.BytesIO()
    export(session, what, fmt, out, filters or ExportFilters())
    return out.getvalue().decode()


def test_article_export_matches_an_independent_reference_byte_for_byte(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        populate(session)
        populate_awkward(session)
        records = reference_article_records(session)
        as_csv, as_json, as_jsonl = (exported(session, "articles", fmt) for fmt in ("csv", "json", "jsonl"))
        filtered = exported(session, "articles", "csv", ExportFilters(source_slug="=odd", category="casting"))
    assert len(records) == 4 + len(AWKWARD)
    assert (as_json, as_jsonl) == reference_json(records)
    assert as_csv == reference_csv(records, FIELDS["articles"])
    chosen = [r for r in records if r["source"] == "=odd" and r["category"] == "casting"]
    assert chosen and filtered == reference_csv(chosen, FIELDS["articles"])


@pytest.mark.parametrize("what", ["stories", "entities"])
def test_story_and_entity_csv_match_the_csv_module(sessions: sessionmaker[Session], what: str) -> None:
    with transaction(sessions) as session:
        populate(session)
        populate_awkward(session)
        records = [json.loads(line) for line in exported(session, what, "jsonl").splitlines()]
        as_csv = exported(session, what, "csv")
    assert records and as_csv == reference_csv(records, FIELDS[what])


def test_pages_batches_and_write_pieces_do_not_change_the_output(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        populate(session)
        populate_awkward(session)
        pages = list(article_export_pages(session, batch=3))
        assert [row for page in pages for row in page] == next(article_export_pages(session))
        assert len(pages) == 7 and {len(page) for page in pages[:-1]} == {3}
        rows = [row for partition in article_partitions(session) for row in partition]
    assert len(rows) == 4 + len(AWKWARD) > WRITE_ROWS
    for fmt in EXPORT_FORMATS:
        whole, split = io.BytesIO(), io.BytesIO()
        assert write_partitions([rows], FIELDS["articles"], fmt, whole) == len(rows)
        assert write_partitions([rows[:1], [], rows[1:18], rows[18:]], FIELDS["articles"], fmt, split) == len(rows)
        assert split.getvalue() == whole.getvalue()
        empty = io.BytesIO()
        write_partitions([], FIELDS["articles"], fmt, empty)
        assert empty.getvalue().decode() == {"csv": ",".join(FIELDS["articles"]) + "\r\n", "json": "[]\n", "jsonl": ""}[fmt]


def test_read_ahead_keeps_order_passes_errors_on_and_stops_with_its_reader() -> None:
    assert list(_read_ahead(iter([[1], [2], [3]]))) == [[1], [2], [3]]

    def failing() -> Iterator[list[int]]:
        yield [1]
        raise RuntimeError("boom")

    pages = _read_ahead(failing())
    assert next(pages) == [1]
    with pytest.raises(RuntimeError, match="boom"):
        next(pages)
    read = []

    def source() -> Iterator[list[int]]:
        for n in range(5):
            read.append(n)
            yield [n]

    pages = _read_ahead(source())
    assert next(pages) == [0]
    pages.close()  # waits for the page being read ahead; nothing is read after it
    assert read == [0, 1]


def test_a_show_exports_the_stories_about_it_and_their_articles_under_any_title(
        sessions: sessionmaker[Session]) -> None:
    """A story of Korean and English reports, the titles unlinked: `--show "Moonlight Pharmacy"`
    exports the story (though it shows the Korean title) and its Korean articles too; an
    article naming the show in passing is exported, its story (about another show) is not."""
    with transaction(sessions) as session:
        kdd = source(session, "kdd", "K-Drama Daily")
        pharmacy = story(session, "김지원X이도현 '달빛 약국' 캐스팅", show="달빛 약국")
        ko = article(session, kdd, "kdd.example/ko", story_id=pharmacy, title="'달빛 약국' 캐스팅",
                     shows=("달빛 약국",))
        en = article(session, kdd, "kdd.example/en", story_id=pharmacy, title="Moonlight Pharmacy casts Kim",
                     shows=("Moonlight Pharmacy",))
        owl = story(session, "Night Owl casts Kim, of 'Moonlight Pharmacy'", show="Night Owl")
        passing = article(session, kdd, "kdd.example/owl", story_id=owl, title="Night Owl",
                          shows=("Night Owl", "Moonlight Pharmacy"))
        article(session, kdd, "kdd.example/owl2", story_id=owl, title="Night Owl", shows=("Night Owl",))
        assert exported_ids(session, "articles", show="Moonlight Pharmacy") == [ko, en, passing]
        assert exported_ids(session, "articles", show="달빛 약국") == [ko, en]
        assert exported_ids(session, "stories", show="Moonlight Pharmacy") == [pharmacy]
        assert count_records(session, "stories", ExportFilters(show="Moonlight Pharmacy")) == 1
        assert exported_ids(session, "stories", show="달빛 약국") == [pharmacy]


def test_an_articles_versions_can_be_followed_by_their_hashes(sessions: sessionmaker[Session]) -> None:
    """The README said the previous content hash is kept, but the articles export had neither
    hash: a user keeping past exports could not tell which version followed which."""
    with transaction(sessions) as session:
        ids = populate(session)
        session.execute(update(Article).where(Article.id == ids["a1"]).values(
            version=2, previous_hash=Article.content_hash, content_hash="f" * 64))
        out = io.BytesIO()
        export(session, "articles", "jsonl", out)
        stored_hash = session.get(Article, ids["a3"]).content_hash
    records = {r["id"]: r for r in map(json.loads, out.getvalue().decode().splitlines())}
    assert (records[ids["a1"]]["version"], records[ids["a1"]]["content_hash"]) == (2, "f" * 64)
    assert records[ids["a1"]]["previous_hash"] not in (None, "f" * 64)
    assert (records[ids["a3"]]["content_hash"], records[ids["a3"]]["previous_hash"]) == (stored_hash, None)


def test_a_person_filter_is_looked_up_once_for_the_note_the_count_and_the_export(
        sessions: sessionmaker[Session]) -> None:
    """`export --person` read every stored person's spellings (a name in another script) for its
    note, again for the progress bar's count and again for the export: once now."""
    with transaction(sessions) as session:
        news = source(session, "news")
        article(session, news, "news.example/1", people=("Park Seo-jin",))
        article(session, news, "news.example/2", people=("박서진",))
        article(session, news, "news.example/3", people=("Kim Bo-ra",))
        resolved = resolve_names(session, ExportFilters(person="Park Seo-jin"))
        assert resolved.person_ids is not None and len(resolved.person_ids) == 2
        statements: list[str] = []

        def seen(_conn: object, _cursor: object, statement: str, *_: object) -> None:
            statements.append(statement)

        engine = session.get_bind()
        event.listen(engine, "before_cursor_execute", seen)
        try:
            assert count_records(session, "articles", resolved) == 2
            assert [r["url"] for r in article_records(session, resolved)] == [
                "https://news.example/1", "https://news.example/2"]
        finally:
            event.remove(engine, "before_cursor_execute", seen)
    assert not [s for s in statements if "entity_aliases" in s]

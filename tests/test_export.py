from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from sqlalchemy.orm import Session, sessionmaker
from story_factory import T0, article, entity, source, story

from pipeline.cli import cli
from pipeline.errors import UserError
from pipeline.export import (
    FIELDS,
    WHATS,
    ExportFilters,
    count_records,
    csv_cell,
    export,
    schema,
)
from storage.db import open_database, session_factory, transaction

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


@pytest.mark.parametrize("what", WHATS)
def test_json_and_jsonl_validate_against_the_shipped_schemas(sessions: sessionmaker[Session], what: str) -> None:
    with transaction(sessions) as session:
        populate(session)
        as_json, as_jsonl = io.StringIO(), io.StringIO()
        count = export(session, what, "json", as_json)
        assert export(session, what, "jsonl", as_jsonl) == count > 0
    records = json.loads(as_json.getvalue())
    assert records == [json.loads(line) for line in as_jsonl.getvalue().splitlines()]
    validator = jsonschema.Draft202012Validator(schema(what), format_checker=jsonschema.FormatChecker())
    for record in records:
        validator.validate(record)
        assert list(record) == list(FIELDS[what])


def test_article_records(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        ids = populate(session)
        out = io.StringIO()
        export(session, "articles", "jsonl", out)
    records = {r["id"]: r for r in map(json.loads, out.getvalue().splitlines())}
    first = records[ids["a1"]]
    assert (first["source"], first["source_name"], first["title"]) == ("kdd", "K-Drama Daily", NASTY)
    assert first["people"] == ["Han Hyo-joo", "Oguri Shun"] and first["platforms"] == ["Netflix"]
    assert first["published_at"] == "2026-11-20T03:00:00+00:00" and first["story_id"] == ids["story"]
    assert records[ids["a2"]]["duplicate_of"] == ids["a1"] and records[ids["a2"]]["duplicate_kind"] == "near"
    assert records[ids["a4"]]["published_at"] is None


def test_csv_round_trips_with_rfc4180_quoting_and_neutralised_formulas(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        ids = populate(session)
        out = io.StringIO(newline="")
        export(session, "articles", "csv", out)
    raw = out.getvalue()
    assert raw.startswith(",".join(FIELDS["articles"]) + "\r\n")
    rows = list(csv.DictReader(io.StringIO(raw, newline="")))
    first = next(r for r in rows if r["id"] == str(ids["a1"]))
    assert first["title"] == "'" + NASTY  # formula neutralised, quotes/commas/newline intact
    assert first["body"] == "'+1 body\r\nmore" and first["summary"] == "'-minus"
    assert first["authors"] == "'@writer; Kim" and first["tags"] == "casting; netflix"
    assert first["people"] == "Han Hyo-joo; Oguri Shun"
    assert next(r for r in rows if r["id"] == str(ids["a3"]))["title"] == "'\tTabbed trailer"
    assert next(r for r in rows if r["id"] == str(ids["a4"]))["published_at"] == ""


def test_csv_cell() -> None:
    assert [csv_cell(v) for v in ("=1+1", "+1", "-1", "@SUM", "\tx", "\rx", "ok", 5, None, ["a", "b"], [])] == [
        "'=1+1", "'+1", "'-1", "'@SUM", "'\tx", "'\rx", "ok", 5, "", "a; b", ""]


def test_filters(sessions: sessionmaker[Session]) -> None:
    def ids_of(what: str, **kwargs: object) -> list[int]:
        out = io.StringIO()
        export(session, what, "jsonl", out, ExportFilters(**kwargs))  # type: ignore[arg-type]
        return [json.loads(line)["id"] for line in out.getvalue().splitlines()]

    with transaction(sessions) as session:
        ids = populate(session)
        assert ids_of("articles", since=T0 + timedelta(hours=1)) == [ids["a2"], ids["a3"], ids["a4"]]
        assert ids_of("articles", until=T0 + timedelta(hours=1)) == [ids["a1"]]
        assert ids_of("articles", category="trailer") == [ids["a3"]]
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
        for bad, message in (({"category": "gossip"}, "unknown category"), ({"source_slug": "nope"}, "no stored articles"),
                             ({"since": T0, "until": T0}, "before --until")):
            with pytest.raises(UserError, match=message):
                ids_of("articles", **bad)


def test_story_and_entity_records(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        ids = populate(session)
        stories, entities = io.StringIO(), io.StringIO()
        export(session, "stories", "json", stories)
        export(session, "entities", "json", entities)
    [record] = json.loads(stories.getvalue())
    assert record["id"] == ids["story"] and record["sources"] == ["kdd", "sk"]
    assert record["urls"] == ["https://kdd.example/1", "https://sk.example/1"]
    han = next(e for e in json.loads(entities.getvalue()) if e["name"] == "Han Hyo-joo")
    assert han["kind"] == "person" and han["aliases"] == ["한효주"] and han["article_count"] == 2


def test_cli_export_to_file_and_stdout(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    engine = open_database(url)
    with transaction(session_factory(engine)) as session:
        populate(session)
    engine.dispose()
    runner = CliRunner()
    out = tmp_path / "articles.csv"
    result = runner.invoke(cli, ["--db", url, "export", "--what", "articles", "--format", "csv", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # not a terminal: no progress
    assert not (tmp_path / "articles.csv.partial").exists()
    with out.open(encoding="utf-8", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == 4
    result = runner.invoke(cli, ["--db", url, "export", "--what", "stories", "--person", "Oguri Shun"])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 1
    bad = runner.invoke(cli, ["--db", url, "export", "--category", "gossip", "--out", str(tmp_path / "x.json")])
    assert isinstance(bad.exception, UserError)
    assert not (tmp_path / "x.json").exists() and not (tmp_path / "x.json.partial").exists()

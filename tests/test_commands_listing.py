"""castwire stories / entities (pipeline/commands/listing.py) through the real CLI."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner
from story_factory import T0, article, entity, source, story

from pipeline.cli import cli
from pipeline.errors import UserError
from storage.db import open_database, session_factory, transaction


def _database(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    engine = open_database(url)
    with transaction(session_factory(engine)) as session:
        cast = story(session, "Han Hyo-joo and Oguri Shun cast", show="Romantics Anonymous", when=T0)
        first = article(session, source(session, "dramaland"), "dramaland.example/ra-cast", story_id=cast,
                        title="Han Hyo-joo and Oguri Shun cast", when=T0)
        article(session, source(session, "kpopwire"), "kpopwire.example/ra-cast", story_id=cast,
                title="Han Hyo-joo, Oguri Shun lead remake", when=T0 + timedelta(hours=2), duplicate_of=first)
        story(session, "Night Owl trailer", category="trailer", show="Night Owl", when=T0 + timedelta(days=3))
        entity(session, "person", "Han Hyo-joo", aliases=("한효주",))
        entity(session, "show", "Romantics Anonymous")
    engine.dispose()
    return url


def test_stories_lists_newest_first_and_filters(tmp_path: Path) -> None:
    url = _database(tmp_path)
    runner = CliRunner()
    listed = runner.invoke(cli, ["--db", url, "stories", "--json"])
    assert listed.exit_code == 0, listed.output
    assert [s["show"] for s in json.loads(listed.stdout)] == ["Night Owl", "Romantics Anonymous"]
    newest = runner.invoke(cli, ["--db", url, "stories", "--limit", "1", "--json"])
    assert [s["show"] for s in json.loads(newest.stdout)] == ["Night Owl"]
    assert "stories: only the first 1 listed; more match" in newest.stderr
    cut = runner.invoke(cli, ["--db", url, "stories", "--limit", "1"])
    assert "the 1 newest story (more: raise --limit)" in cut.stdout
    whole = runner.invoke(cli, ["--db", url, "stories", "--limit", "2"])
    assert "2 stories" in whole.stdout and "more match" not in whole.stdout + whole.stderr
    recent = runner.invoke(cli, ["--db", url, "stories", "--since", (T0 + timedelta(days=1)).date().isoformat(),
                                 "--json"])
    assert [s["title"] for s in json.loads(recent.stdout)] == ["Night Owl trailer"]
    about = runner.invoke(cli, ["--db", url, "stories", "--show", "romantics"])
    assert about.exit_code == 0 and "Han Hyo-joo and Oguri Shun cast" in about.stdout
    assert "Night Owl" not in about.stdout
    bad = runner.invoke(cli, ["--db", url, "stories", "--since", "yesterday-ish"])
    assert isinstance(bad.exception, UserError) and "--since" in str(bad.exception)


def test_stories_by_person_finds_any_spelling_order_and_script(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    engine = open_database(url)
    with transaction(session_factory(engine)) as session:
        jp, kdd = source(session, "jp", "Dorama JP"), source(session, "kdd", "K-Drama Daily")
        white = story(session, "「白い航路」がクランクイン", category="production", show="白い航路", when=T0)
        article(session, jp, "jp.example/white", story_id=white, title="「白い航路」がクランクイン",
                category="production", when=T0, people=("森山航平",))
        sweets = story(session, "Kohei Moriyama and Kurosawa Ren to star", show="Midnight Confections",
                       when=T0 + timedelta(hours=1))
        article(session, kdd, "kdd.example/sweets", story_id=sweets, title="Kohei Moriyama and Kurosawa Ren to star",
                when=T0 + timedelta(hours=1), people=("Kohei Moriyama", "Kurosawa Ren"))
        owl = story(session, "Moriyama Shota joins Night Owl", show="Night Owl", when=T0 + timedelta(hours=2))
        article(session, kdd, "kdd.example/owl", story_id=owl, title="Moriyama Shota joins Night Owl",
                when=T0 + timedelta(hours=2), people=("Moriyama Shota",))
    engine.dispose()
    runner = CliRunner()

    def shows(person: str) -> list[str]:
        listed = runner.invoke(cli, ["--db", url, "stories", "--person", person, "--json"])
        assert listed.exit_code == 0, listed.output
        return [s["show"] for s in json.loads(listed.stdout)]

    assert shows("Moriyama Kohei") == ["Midnight Confections", "白い航路"]
    assert shows("森山航平") == ["Midnight Confections", "白い航路"]
    assert shows("Shota Moriyama") == ["Night Owl"]
    assert shows("Nobody Here") == []


def test_story_shows_one_story_with_its_articles(tmp_path: Path) -> None:
    url = _database(tmp_path)
    runner = CliRunner()
    [listed] = json.loads(runner.invoke(cli, ["--db", url, "stories", "--show", "romantics", "--json"]).stdout)
    shown = runner.invoke(cli, ["--db", url, "story", str(listed["id"]), "--json"])
    assert shown.exit_code == 0, shown.output
    record = json.loads(shown.stdout)
    assert {k: v for k, v in record.items() if k != "articles"} == listed
    first, copy = record["articles"]
    assert (first["source"], first["url"], first["duplicate_of"]) == (
        "dramaland", "https://dramaland.example/ra-cast", None)
    assert (copy["source"], copy["duplicate_of"]) == ("kpopwire", first["id"])
    text = runner.invoke(cli, ["--db", url, "story", str(listed["id"])])
    assert text.exit_code == 0 and "Han Hyo-joo, Oguri Shun lead remake" in text.stdout
    assert "kpopwire" in text.stdout and "Romantics Anonymous" in text.stdout
    missing = runner.invoke(cli, ["--db", url, "story", "999"])
    assert isinstance(missing.exception, UserError) and "no story 999" in str(missing.exception)
    for given in (str(2**64), "abc", "0"):  # past any stored id, or no number: a usage error that says so
        wrong = runner.invoke(cli, ["--db", url, "story", given])
        assert wrong.exit_code == 2 and f"not a story id (the number `castwire stories` lists): '{given}'" \
            in wrong.output, wrong.output


def test_story_marks_an_article_behind_a_paywall(tmp_path: Path) -> None:
    """A Variety VIP+ article of a story: its link leads to a teaser; `castwire story` says so."""
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    engine = open_database(url)
    with transaction(session_factory(engine)) as session:
        cast = story(session, "Netflix orders fewer Korean originals", when=T0)
        for n, flag in enumerate((True, False, None)):
            article(session, source(session, f"outlet{n}"), f"outlet{n}.example/a", story_id=cast,
                    title=f"Report {n}", when=T0 + timedelta(hours=n), paywalled=flag)
    engine.dispose()
    runner = CliRunner()
    text = runner.invoke(cli, ["--db", url, "story", str(cast)], env={"COLUMNS": "200"})
    assert text.exit_code == 0, text.output
    assert [line.count("(subscribers only)") for line in text.stdout.splitlines() if "Report" in line] == [1, 0, 0]
    articles = json.loads(runner.invoke(cli, ["--db", url, "story", str(cast), "--json"]).stdout)["articles"]
    assert [a["paywalled"] for a in articles] == [True, False, None]


def _day_alone_database(tmp_path: Path, *, timed_last: bool = True) -> tuple[str, int]:
    """A story whose first report gives 3 November alone (Auckland, placed at its noon: 23:00
    UTC on 2 November), its last one a time that day (or, not ``timed_last``, the day alone too)."""
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    engine = open_database(url)
    placed = datetime(2026, 11, 2, 23, 0, tzinfo=UTC)
    with transaction(session_factory(engine)) as session:
        nz = source(session, "nz")
        cast = story(session, "Han Hyo-joo joins Romantics Anonymous", when=placed)
        article(session, nz, "nz.example/day", story_id=cast, title="Day alone", when=placed,
                published_raw="3 November 2026", published_offset_minutes=780)
        article(session, nz, "nz.example/timed", story_id=cast, title="Timed", when=placed + timedelta(hours=5),
                published_raw="2026-11-03T17:00:00+13:00" if timed_last else "2026-11-03",
                published_offset_minutes=780)
    engine.dispose()
    return url, cast


def test_story_shows_an_article_dated_by_its_day_alone_by_that_day_not_a_time(tmp_path: Path) -> None:
    """A page giving 3 November alone was listed as published "2026-11-02 23:00", a day and a
    time it never gave."""
    url, cast = _day_alone_database(tmp_path)
    runner = CliRunner()
    text = runner.invoke(cli, ["--db", url, "story", str(cast)], env={"COLUMNS": "200"})
    assert text.exit_code == 0, text.output
    assert "2026-11-02 23:00" not in text.stdout
    assert "2026-11-03 (day) → 2026-11-03 04:00 UTC" in text.stdout and text.stdout.count("2026-11-03 (day)") == 2
    first, second = json.loads(runner.invoke(cli, ["--db", url, "story", str(cast), "--json"]).stdout)["articles"]
    assert (first["published_date"], first["published_precision"]) == ("2026-11-03", "day")
    assert (second["published_date"], second["published_precision"]) == ("2026-11-03", "time")


def test_stories_show_a_report_dated_by_its_day_alone_by_that_day_not_a_time(tmp_path: Path) -> None:
    """`castwire stories` listed a story last reported by a page giving 3 November alone as
    "2026-11-02 23:00", the UTC time castwire placed it at; its JSON had no way to tell."""
    url, _ = _day_alone_database(tmp_path, timed_last=False)
    runner = CliRunner()
    text = runner.invoke(cli, ["--db", url, "stories"])
    assert text.exit_code == 0, text.output
    assert "2026-11-03 (day)" in text.stdout and "2026-11-02" not in text.stdout
    [record] = json.loads(runner.invoke(cli, ["--db", url, "stories", "--json"]).stdout)
    assert (record["last_published_date"], record["last_published_precision"]) == ("2026-11-03", "day")
    assert record["last_published_at"].startswith("2026-11-03T04:00")  # the instant, unchanged
    url, _ = _day_alone_database(tmp_path / "timed", timed_last=True)
    [record] = json.loads(runner.invoke(cli, ["--db", url, "stories", "--json"]).stdout)
    assert (record["first_published_date"], record["first_published_precision"]) == ("2026-11-03", "day")
    assert (record["last_published_date"], record["last_published_precision"]) == ("2026-11-03", "time")
    assert "2026-11-03 04:00" in runner.invoke(cli, ["--db", url, "stories"]).stdout


def test_entities_lists_searches_aliases_and_applies_the_aliases_file(tmp_path: Path) -> None:
    url = _database(tmp_path)
    runner = CliRunner()
    found = runner.invoke(cli, ["--db", url, "entities", "--search", "한효주", "--json"])
    assert found.exit_code == 0, found.output
    assert [(e["kind"], e["name"]) for e in json.loads(found.stdout)] == [("person", "Han Hyo-joo")]
    shown = runner.invoke(cli, ["--db", url, "entities", "--search", "한효주"])
    assert shown.exit_code == 0 and "1 entity" in shown.stdout and "Han Hyo-joo" in shown.stdout
    assert [e["name"] for e in json.loads(runner.invoke(cli, ["--db", url, "entities", "--kind", "show",
                                                              "--json"]).stdout)] == ["Romantics Anonymous"]
    everything = json.loads(runner.invoke(cli, ["--db", url, "entities", "--json"]).stdout)
    first = json.loads(runner.invoke(cli, ["--db", url, "entities", "--limit", "1", "--json"]).stdout)
    assert len(everything) == 2 and first == everything[:1]
    cut = runner.invoke(cli, ["--db", url, "entities", "--limit", "1"])
    assert "the 1 most named entity (more: raise --limit)" in cut.stdout

    aliases = tmp_path / "aliases.toml"
    aliases.write_text('[[show]]\nname = "Romantics Anonymous"\naliases = ["Les Émotifs anonymes"]\n', "utf-8")
    applied = runner.invoke(cli, ["--db", url, "entities", "--apply-aliases", "--kind", "show", "--json"],
                            env={"CASTWIRE_ALIASES_FILE": str(aliases)})
    assert applied.exit_code == 0, applied.output
    [show] = json.loads(applied.stdout)
    assert show["name"] == "Romantics Anonymous" and "Les Émotifs anonymes" in show["aliases"]
    # the file's spelling joined the entity: said, though nothing merged (it said "0 … 0")
    assert "aliases file applied: 0 entities merged into another, 0 entities renamed, 1 spelling added, " \
        "0 spellings split off" in applied.stderr
    aliases.write_text('[[show]]\nname = "Romantics Anonymous (2026)"\naliases = ["Romantics Anonymous"]\n', "utf-8")
    renamed = runner.invoke(cli, ["--db", url, "entities", "--apply-aliases", "--kind", "show"],
                            env={"CASTWIRE_ALIASES_FILE": str(aliases)})
    assert "1 entity renamed" in renamed.stderr, renamed.stderr

    aliases.write_text("[[show]\n", "utf-8")
    broken = runner.invoke(cli, ["--db", url, "entities", "--apply-aliases"],
                           env={"CASTWIRE_ALIASES_FILE": str(aliases)})
    assert isinstance(broken.exception, UserError) and "cannot read aliases file" in str(broken.exception)
    aliases.write_text("[[show]]\nname = 5\n", "utf-8")  # the file is named as crawl names it
    bad_entry = runner.invoke(cli, ["--db", url, "entities", "--apply-aliases"],
                              env={"CASTWIRE_ALIASES_FILE": str(aliases)})
    assert str(bad_entry.exception) == f"aliases file {aliases}: [[show]] #1: name must be text, not 5"


def test_entities_json_has_the_fields_the_readme_documents(tmp_path: Path) -> None:
    """entities --json (kind, name, aliases, article_count: no id, key or created_at, unlike
    the export) was described nowhere: the README's table is its fields, in their order."""
    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    section = readme.split("\n## JSON of `status` and `entities`\n", 1)[1].split("\n## ", 1)[0]
    table = [block for block in section.split("\n\n") if block.startswith("| field |")][1]
    documented = [row.split("`")[1] for row in table.splitlines() if row.startswith("| `")]
    listed = CliRunner().invoke(cli, ["--db", _database(tmp_path), "entities", "--json"])
    assert listed.exit_code == 0, listed.output
    assert [list(record) for record in json.loads(listed.stdout)][0] == documented


def test_a_name_the_aliases_file_gives_finds_stories_entities_and_exports_before_it_is_applied(
        tmp_path: Path) -> None:
    """The README says `--show` matches your aliases file's names; they matched nothing until
    `entities --apply-aliases` had written them into the store."""
    url = _database(tmp_path)
    aliases = tmp_path / "aliases.toml"
    aliases.write_text('[[show]]\nname = "Romantics Anonymous"\naliases = ["Les Émotifs anonymes"]\n\n'
                       '[[person]]\nname = "Han Hyo-joo"\naliases = ["Hyojoo Han"]\n', "utf-8")
    env = {"CASTWIRE_ALIASES_FILE": str(aliases)}
    runner = CliRunner()
    about = runner.invoke(cli, ["--db", url, "stories", "--show", "Les Émotifs anonymes", "--json"], env=env)
    assert [s["show"] for s in json.loads(about.stdout)] == ["Romantics Anonymous"]
    named = runner.invoke(cli, ["--db", url, "entities", "--search", "Hyojoo Han", "--json"], env=env)
    assert [e["name"] for e in json.loads(named.stdout)] == ["Han Hyo-joo"]
    exported = runner.invoke(cli, ["--db", url, "export", "--what", "stories", "--format", "jsonl",
                                   "--show", "Les Émotifs anonymes"], env=env)
    assert [json.loads(line)["show"] for line in exported.stdout.splitlines()] == ["Romantics Anonymous"]
    aliases.write_text("[[show]\nbroken", "utf-8")  # a broken file is said, not passed over
    broken = runner.invoke(cli, ["--db", url, "stories", "--show", "Les Émotifs anonymes"], env=env)
    assert broken.exit_code != 0 and isinstance(broken.exception, UserError)

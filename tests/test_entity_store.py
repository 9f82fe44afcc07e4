"""Stored entities: resolution through alias keys, native-script aliases, the user alias file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from db_fixtures import before_each_statement
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from story_factory import article, entity, source

from pipeline import stories
from pipeline.entities import find_entities, parse_aliases, person_key
from pipeline.entity_store import (
    Name,
    apply_aliases_file,
    entity_links,
    list_entities,
    merge_entities,
    resolve,
    shown_name,
)
from pipeline.export import entity_records
from storage.db import transaction
from storage.models import KEY_LENGTH, ArticleEntity, Entity, EntityAlias, Story, stored_key
from storage.repository import (
    SpellingUse,
    ensure_source,
    link_article_entities,
    upsert_article,
    utcnow,
)
from storage.retry import run_in_transaction


def _article(session: Session, key: str) -> int:
    source = ensure_source(session, slug="t", name="T", homepage="https://t.example/", language="en")
    return upsert_article(session, {"source_id": source, "url_key": key, "url": f"https://{key}",
                                    "canonical_url": f"https://{key}", "body": key, "fetched_at": utcnow(),
                                    "content_hash": key}).article_id


def _link(session: Session, key: str, title: str, body: str, language: str = "en") -> int:
    article = _article(session, key)
    link_article_entities(session, article, entity_links(session, find_entities(title, body, language)))
    return article


def test_spellings_resolve_to_one_entity(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        _link(session, "a/1", "Han Hyo-joo and Oguri Shun to star in Netflix's 'Romantics Anonymous'",
              "Han Hyo-joo and Oguri Shun will star in 'Romantics Anonymous' on Netflix.")
        _link(session, "a/2", "Shun Oguri, Han Hyo Joo lead 'Romantic Anonymous'",
              "Shun Oguri and Han Hyo Joo will star in 'Romantic Anonymous', coming to Netflix.")
    with transaction(sessions) as session:
        people = list_entities(session, kind="person")
        shows = list_entities(session, kind="show")
        platforms = list_entities(session, kind="platform")
    assert {p.article_count for p in people} == {2}
    assert len([p for p in people if "Oguri" in p.name]) == 1
    assert len(shows) == 1 and shows[0].article_count == 2
    assert platforms[0].name == "Netflix"


def test_native_form_given_by_an_article_becomes_an_alias(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        _link(session, "a/1", "Oguri Shun (小栗旬) to star in 'Romantics Anonymous'",
              "Oguri Shun (小栗旬) will star in 'Romantics Anonymous'.")
        later = _link(session, "a/2", "小栗旬がNetflix「ロマンティック・アノニマス」に出演決定",
                      "小栗旬が出演することが決定した。", "ja")
        oguri = session.execute(
            select(EntityAlias.entity_id).where(EntityAlias.kind == "person", EntityAlias.alias_key == "oguri shun")
        ).scalar_one()
        linked = session.execute(select(ArticleEntity.entity_id).where(ArticleEntity.article_id == later)).scalars()
        assert oguri in set(linked)


def test_a_key_longer_than_the_key_columns_is_stored_and_found_cut_to_their_length(
        sessions: sessionmaker[Session]) -> None:
    """The key length was written three times (300 in entity_store, in stories, and the columns'
    String(300)): one changed alone would store keys the others never look up. The columns'
    length is the one every lookup cuts to."""
    columns = (Entity.__table__.c.key, EntityAlias.__table__.c.alias_key, Story.__table__.c.show_key)
    assert {column.type.length for column in columns} == {KEY_LENGTH}
    long_key = "moonlit bakery of the endless night " * 12  # 432 characters
    with transaction(sessions) as session:
        first = resolve(session, [Name("show", long_key, "Moonlit Bakery")])
    with transaction(sessions) as session:
        again = resolve(session, [Name("show", long_key, "Moonlit Bakery")])
        stored = session.scalars(select(Entity.key)).all()
    assert first == again and list(first) == [("show", stored_key(long_key))]
    assert stored == [long_key[:KEY_LENGTH]]


def test_resolve_is_idempotent(sessions: sessionmaker[Session]) -> None:
    names = [Name("show", "midnight salon", "Midnight Salon"), Name("person", "jiwon kim", "Kim Ji-won")]
    with transaction(sessions) as session:
        first = resolve(session, names)
    with transaction(sessions) as session:
        second = resolve(session, names)
        count = session.execute(select(func.count()).select_from(Entity)).scalar_one()
    assert first == second and count == 2


def test_alias_file_merges_and_splits(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        _link(session, "a/1", "'Romantics Anonymous' casting", "Han Hyo-joo will star in 'Romantics Anonymous'.")
        _link(session, "a/2", "한효주, '로맨틱 어나니머스' 출연 확정", "한효주가 '로맨틱 어나니머스'에 출연한다.", "ko")
    aliases = {
        "show": [{"name": "Romantics Anonymous", "aliases": ["로맨틱 어나니머스"]}],
        "split": [{"kind": "show", "name": "Romantics Anonymous (2010 film)", "key": "romantics anonymous film",
                   "aliases": ["Les Emotifs anonymes"]}],
    }
    with transaction(sessions) as session:
        applied = apply_aliases_file(session, aliases)
    assert (applied.merged, applied.split) == (1, 0)
    assert str(applied) == "aliases file applied: 1 entity merged into another, 0 entities renamed, " \
        "0 spellings added, 0 spellings split off"
    with transaction(sessions) as session:  # applied again: nothing left to change
        assert (apply_aliases_file(session, aliases).merged, apply_aliases_file(session, aliases).split) == (0, 0)
    with transaction(sessions) as session:
        shows = list_entities(session, kind="show", search="romantic")
    merged = [s for s in shows if s.name == "Romantics Anonymous"]
    assert len(merged) == 1 and merged[0].article_count == 2
    assert "로맨틱 어나니머스" in merged[0].aliases
    assert any(s.name == "Romantics Anonymous (2010 film)" for s in shows)


def test_list_entities_searches_aliases(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        _link(session, "a/1", "Oguri Shun (小栗旬) joins 'Romantics Anonymous'",
              "Oguri Shun (小栗旬) will star in 'Romantics Anonymous'.")
        found = list_entities(session, search="小栗")
    assert [e.kind for e in found] == ["person"]


def test_list_entities_finds_a_name_in_any_order_and_a_person_in_another_script(
        sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        for name in ("森山航平", "한효주", "Kurosawa Ren", "Moriyama Shota", "Shun Oguri", "ユン・ソア"):
            entity(session, "person", name)
        entity(session, "show", "白い航路")

        def found(search: str, kind: str | None = None) -> list[str]:
            return sorted(e.name for e in list_entities(session, kind=kind, search=search))

        assert found("Moriyama Kohei") == ["森山航平"]
        assert found("Han Hyo-joo", kind="person") == ["한효주"]
        assert found("黒沢蓮") == ["Kurosawa Ren"]
        assert found("윤서아") == found("Yoon Seo-ah") == ["ユン・ソア"]  # Hangul finds the Japanese script too
        assert found("Oguri Shun") == ["Shun Oguri"]  # the other name order
        assert found("Moriyama") == ["Moriyama Shota"]  # a part of a name still matches as text only
        assert found("%") == found("_") == found("Mor_yama") == []  # as text, not as a LIKE pattern
        assert found("Kurosawa Ren", kind="show") == []


@pytest.mark.parametrize("order", ["first spelling rare", "first spelling common"])
def test_an_entity_is_shown_as_most_of_its_articles_spell_it_whatever_the_crawl_order(
        sessions: sessionmaker[Session], order: str) -> None:
    """Stories show "Midnight Confections" (two articles of three): so do entities and the
    entities export, whichever spelling the crawl stored first."""
    spellings = ["Midnight Confection", "Midnight Confections", "Midnight Confections"]
    if order == "first spelling common":
        spellings.reverse()
    with transaction(sessions) as session:
        kdd = source(session, "kdd")
        for number, spelling in enumerate(spellings):
            article(session, kdd, f"kdd.example/{number}", shows=(spelling,))
        listed = [(e.name, e.aliases, e.article_count) for e in list_entities(session)]
        exported = list(entity_records(session))
    assert listed == [("Midnight Confections", ("Midnight Confection",), 3)]
    assert [(e["name"], e["aliases"]) for e in exported] == [("Midnight Confections", ["Midnight Confection"])]


def test_a_show_is_shown_as_the_text_spells_it_not_as_a_title_case_headline(sessions: sessionmaker[Session]) -> None:
    """Two title-case headlines wrote "Harbor Of Moonlight", every body "Harbor of Moonlight": the
    entity was listed under the headlines' spelling, the text's as another spelling. The spelling
    comes from the article's analysis (event_keys' shows), not a second scan of the body while
    the article is stored (rv H2)."""
    articles = [
        ("Kang Tae Yoon And Yoon Ha Rin Confirmed To Lead Netflix's “Harbor Of Moonlight”",
         "Kang Tae Yoon and Yoon Ha Rin have been cast in “Harbor of Moonlight” (literal title), a mystery romance."),
        ("Watch: Kang Tae Yoon Uncovers A Mystery In “Harbor Of Moonlight” Teaser",
         "Netflix has unveiled the first teaser for “Harbor of Moonlight”!"),
        ("Kang Tae Yoon To Star In Disney+ Thriller “The Lantern Keeper”",
         "Earlier this week, Kang Tae Yoon was also confirmed for Netflix's “Harbor of Moonlight”."),
    ]
    with transaction(sessions) as session:
        for number, (title, body) in enumerate(articles):
            article_id = _article(session, f"k/{number}")
            found = find_entities(title, body, "en")
            link_article_entities(session, article_id,
                                  entity_links(session, found, stories.event_keys(found, title, body)["shows"]))
    with transaction(sessions) as session:
        harbor = [(e.name, e.aliases) for e in list_entities(session, kind="show") if "Harbor" in e.name]
    assert harbor == [("Harbor of Moonlight", ())]


def test_shown_name_prefers_a_given_name_then_latin_letters_then_the_most_written() -> None:
    day = datetime(2026, 11, 20, tzinfo=UTC)
    written = {"윤서아": SpellingUse(5, day), "Yoon Seo-ah": SpellingUse(1, day), "Yoon Seoah": SpellingUse(2, day),
               "Yoon Seo Ah": SpellingUse(0, None)}
    assert shown_name("person", "윤서아", False, written) == "Yoon Seoah"
    assert shown_name("person", "Seo-ah", True, written) == "Seo-ah"  # the aliases file's name
    assert shown_name("person", "Yoon Seo Ah", False, {"Yoon Seo Ah": SpellingUse(0, None)}) == "Yoon Seo Ah"
    tied = {"Nam Gi Tae": SpellingUse(2, day + timedelta(hours=5)), "Nam Ki-tae": SpellingUse(2, day)}
    assert shown_name("person", "Nam Gi Tae", False, tied) == "Nam Ki-tae"  # a tie: the one published first
    table = {"Disney Plus": SpellingUse(3, day), "Disney+": SpellingUse(1, day)}
    assert shown_name("platform", "Disney+", False, table) == "Disney+"  # the platform table's name


def test_an_entity_first_met_through_the_aliases_file_keeps_its_name(sessions: sessionmaker[Session]) -> None:
    """A crawl resolving "Romantic Anonymous" through the user's aliases creates the entity
    under the file's name, which stays however the articles spell it."""
    aliases = parse_aliases({"show": [{"name": "Romantics Anonymous", "aliases": ["Romantic Anonymous"]}]})
    with transaction(sessions) as session:
        for number, spelling in enumerate(["Romantic Anonymous", "Romantic Anonymous", "Romantics Anonymous"]):
            article_id = _article(session, f"a/{number}")
            found = find_entities(f"Kim Ji-won joins '{spelling}'", f"Kim Ji-won will star in '{spelling}'.", "en",
                                  aliases=aliases)
            link_article_entities(session, article_id, entity_links(session, found))
        shows = [(e.name, e.article_count) for e in list_entities(session, kind="show")]
    assert shows == [("Romantics Anonymous", 3)]


def test_an_aliases_file_name_is_kept_however_articles_spell_it(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        kdd = source(session, "kdd")
        for number in range(3):
            article(session, kdd, f"kdd.example/{number}", shows=("Romantic Anonymous",))
        merge_entities(session, "show", "Romantics Anonymous", ["Romantic Anonymous"])
        assert [e.name for e in list_entities(session)] == ["Romantics Anonymous"]


def test_list_entities_gives_the_spellings_articles_use_as_other_spellings(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        kdd = source(session, "kdd")
        article(session, kdd, "kdd.example/1", people=("Kurosawa Ren",), shows=("Midnight Confection",))
        article(session, kdd, "kdd.example/2", people=("Ren Kurosawa",), shows=("Midnight Confections",))
        listed = {e.name: e.aliases for e in list_entities(session)}
    assert listed == {"Kurosawa Ren": ("Ren Kurosawa",), "Midnight Confection": ("Midnight Confections",)}


def test_an_article_giving_both_forms_merges_the_entities_seen_apart(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        _link(session, "k/1", "한효주, 넷플릭스 새 시리즈 출연 확정", "배우 한효주가 넷플릭스 새 시리즈에 출연한다.", "ko")
        _link(session, "e/1", "Han Hyo-joo cast in a Netflix series", "Han Hyo-joo will star in the series.")
    with transaction(sessions) as session:
        apart = [p for p in list_entities(session, kind="person") if "Han" in p.name or "한효주" in p.name]
    assert len(apart) == 2
    with transaction(sessions) as session:
        _link(session, "e/2", "Han Hyo-joo (한효주) confirmed", "Han Hyo-joo (한효주) will star in the series.")
    with transaction(sessions) as session:
        merged = [p for p in list_entities(session, kind="person") if "Han" in p.name or "한효주" in p.name]
    assert len(merged) == 1 and merged[0].article_count == 3
    assert "한효주" in merged[0].aliases


def test_a_working_title_merged_into_its_final_title_links_its_articles_to_the_final_title(
    sessions: sessionmaker[Session],
) -> None:
    with transaction(sessions) as session:
        first = _link(session, "a/1", "Kim Hye-yoon cast in 'My Perfect Secretary'",
                      "Kim Hye-yoon will star in 'My Perfect Secretary' on SBS.")
    with transaction(sessions) as session:  # the retitle article names both: the working title's entity goes
        retitle = _link(session, "a/2", "'My Perfect Secretary' retitled",
                        'SBS confirmed that "My Perfect Secretary" (working title) will air under the final '
                        'title "Love Scout".')
    with transaction(sessions) as session:
        shows = list_entities(session, kind="show")
        show_id = session.execute(select(Entity.id).where(Entity.kind == "show")).scalar_one()
        linked = [set(session.execute(select(ArticleEntity.entity_id)
                                      .where(ArticleEntity.article_id == article)).scalars())
                  for article in (first, retitle)]
    assert [(s.name, s.article_count) for s in shows] == [("Love Scout", 2)]
    assert "My Perfect Secretary" in shows[0].aliases
    assert all(show_id in ids for ids in linked)


def _entity_of(session: Session, kind: str, key: str) -> tuple[int, datetime]:
    entity_id, created_at = session.execute(
        select(Entity.id, Entity.created_at).join(EntityAlias, EntityAlias.entity_id == Entity.id)
        .where(EntityAlias.kind == kind, EntityAlias.alias_key == key)).one()
    return entity_id, created_at


def test_a_merge_keeps_the_older_entity_its_id_and_when_it_was_first_seen(sessions: sessionmaker[Session]) -> None:
    """Whichever entity a merge starts from, the one castwire met first stays: an export consumer
    keys on its id and its created_at ("when castwire first saw it")."""
    with transaction(sessions) as session:
        _link(session, "k/1", "한효주, 넷플릭스 새 시리즈 출연 확정", "배우 한효주가 넷플릭스 새 시리즈에 출연한다.", "ko")
        _link(session, "a/1", "Kim Hye-yoon cast in 'My Perfect Secretary'",
              "Kim Hye-yoon will star in 'My Perfect Secretary' on SBS.")
        _link(session, "a/2", "Choi Woo-shik joins 'Lovely Runner'", "Choi Woo-shik will star in 'Lovely Runner'.")
        older = {key: _entity_of(session, kind, key) for kind, key in
                 [("person", person_key("한효주")), ("show", "my perfect secretary"), ("show", "lovely runner")]}
    with transaction(sessions) as session:  # each merge comes from a newer entity
        _link(session, "e/1", "Han Hyo-joo cast in a Netflix series", "Han Hyo-joo will star in the series.")
        _link(session, "e/2", "Han Hyo-joo (한효주) confirmed", "Han Hyo-joo (한효주) will star in the series.")
        _link(session, "a/3", "'My Perfect Secretary' retitled",
              'SBS confirmed that "My Perfect Secretary" (working title) will air under the final title "Love Scout".')
        apply_aliases_file(session, {"show": [{"name": "Running Lovely", "aliases": ["Lovely Runner"]}]})
    with transaction(sessions) as session:
        merged = {key: _entity_of(session, kind, key) for kind, key in
                  [("person", person_key("Han Hyo-joo")), ("show", "love scout"), ("show", "running lovely")]}
        records = {r["id"]: r for r in entity_records(session)}
    assert list(merged.values()) == list(older.values())
    assert [(records[i]["key"], records[i]["name"]) for i, _when in merged.values()][1:] == [
        ("love scout", "Love Scout"), ("running lovely", "Running Lovely")]
    assert records[merged[person_key("Han Hyo-joo")][0]]["key"] == person_key("Han Hyo-joo")


@pytest.mark.postgres
def test_naming_an_entity_another_crawl_merges_meanwhile_is_retried_onto_the_merged_entity(
    postgres_sessions: sessionmaker[Session],
) -> None:
    sessions = postgres_sessions  # SQLite runs one writer at a time: the race needs PostgreSQL
    with transaction(sessions) as session:  # "한효주" is the newer entity: the merge drops it
        _link(session, "e/1", "Han Hyo-joo cast in a Netflix series", "Han Hyo-joo will star in the series.")
        _link(session, "k/1", "한효주, 넷플릭스 새 시리즈 출연 확정", "배우 한효주가 넷플릭스 새 시리즈에 출연한다.", "ko")
    attempts: list[int] = []

    def merge_meanwhile(statement: str) -> None:
        # between resolving "한효주" and linking it, another crawl merges it into "Han Hyo-joo"
        if statement.startswith("INSERT INTO article_entities") and len(attempts) == 1:
            attempts.append(0)
            with transaction(sessions) as other:
                _link(other, "e/2", "Han Hyo-joo (한효주) confirmed", "Han Hyo-joo (한효주) will star in the series.")

    def work(session: Session) -> int:
        attempts.append(1)
        return _link(session, "k/2", "한효주, 촬영 시작", "배우 한효주가 촬영을 시작했다.", "ko")

    with before_each_statement(sessions, merge_meanwhile):
        article = run_in_transaction(sessions, work, sleep=lambda _seconds: None)
    assert attempts.count(1) == 2  # the first attempt met the deleted entity and was run again
    with transaction(sessions) as session:
        people = [p for p in list_entities(session, kind="person") if "Han" in p.name or "한효주" in p.name]
        merged = session.execute(select(EntityAlias.entity_id).where(EntityAlias.alias == "한효주")).scalar_one()
        linked = set(session.execute(select(ArticleEntity.entity_id)
                                     .where(ArticleEntity.article_id == article)).scalars())
    assert len(people) == 1 and people[0].article_count == 4
    assert merged in linked


@pytest.mark.postgres
def test_a_name_another_crawl_creates_meanwhile_resolves_to_its_entity(
    postgres_sessions: sessionmaker[Session],
) -> None:
    sessions = postgres_sessions  # SQLite runs one writer at a time: the race needs PostgreSQL
    name = Name("person", "kim jiwon", "Kim Ji-won")
    theirs: list[int] = []

    def create_meanwhile(statement: str) -> None:
        # between looking the name up and creating it, another crawl creates it and commits
        if statement.startswith("INSERT INTO entities") and not theirs:
            theirs.append(0)
            with transaction(sessions) as other:
                theirs[0] = resolve(other, [name])[(name.kind, name.key)]

    with before_each_statement(sessions, create_meanwhile), transaction(sessions) as session:
        ours = resolve(session, [name])
    assert theirs and ours == {(name.kind, name.key): theirs[0]}
    with transaction(sessions) as session:
        assert session.execute(select(func.count()).select_from(Entity)
                               .where(Entity.key == name.key)).scalar_one() == 1
        assert session.execute(select(func.count()).select_from(EntityAlias)
                               .where(EntityAlias.alias_key == name.key)).scalar_one() == 1


def test_applying_aliases_renames_the_show_of_the_stories_about_it(sessions: sessionmaker[Session]) -> None:
    """A story titled in Japanese script shows the name the aliases file gives its show."""
    from story_factory import story

    from storage.models import Story

    with transaction(sessions) as session:
        _link(session, "a/1", "キム・スヒョン主演「ムーンリット・レジャー」", "「ムーンリット・レジャー」に主演する。", "ja")
        about = story(session, "キム・スヒョン主演「ムーンリット・レジャー」", show="ムーンリット・レジャー")
        other = story(session, "Night Owl casting", show="Night Owl")
        written = session.get(Story, about).updated_at  # type: ignore[union-attr]
    with transaction(sessions) as session:
        apply_aliases_file(session, {"show": [{"name": "Moonlit Ledger", "aliases": ["ムーンリット・レジャー"]}]})
    with transaction(sessions) as session:
        renamed, untouched = session.get(Story, about), session.get(Story, other)
        assert renamed is not None and untouched is not None
        assert (renamed.show, untouched.show) == ("Moonlit Ledger", "Night Owl")
        assert renamed.updated_at > written  # changed: in the next incremental pull
    with transaction(sessions) as session:  # applied again: nothing changes
        apply_aliases_file(session, {"show": [{"name": "Moonlit Ledger", "aliases": ["ムーンリット・レジャー"]}]})
    with transaction(sessions) as session:
        assert session.get(Story, about).updated_at == renamed.updated_at  # type: ignore[union-attr]

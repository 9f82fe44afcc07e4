"""Stored entities: shows, people and platforms, their aliases and the articles naming them.

Every mention found by :func:`pipeline.entities.find_entities` carries a
canonical ``key``. An entity is known under one or more alias keys
(``entity_aliases``, unique per kind): resolving a mention is one indexed
lookup of its key. Unknown keys create the entity and its first alias with
``INSERT ... ON CONFLICT DO NOTHING ... RETURNING``, and a ``SELECT`` reads the rows
another transaction wrote first, so two crawls meeting a new name at once still make
one entity. Rows are written in key order, so concurrent transactions never wait on
each other in a cycle.

An article that gives two forms of one name (romanised and Hangul/Kanji, a
working title and its final title) links them: the other form becomes an alias
of the same entity.

The user's ``aliases.toml`` (format: :func:`pipeline.entities.load_aliases`) merges
entities or splits names off them: :func:`apply_aliases_file`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import combinations
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from pipeline.choices import ENTITY_KINDS
from pipeline.entities import (
    Aliases,
    parse_aliases,
    person_key,
    platform_key,
    show_key,
)
from pipeline.romanise import is_native, name_keys, native_script, same_person_across_scripts
from storage.models import ArticleEntity, Entity, EntityAlias, Story, stored_key
from storage.repository import (
    SpellingUse,
    _insert,
    add_entities,
    add_entity_aliases,
    entity_ids_by_alias,
    entity_ids_by_key,
    entity_ids_for_keys,
    entity_spelling_counts,
    entity_spellings,
    expand_entity_keys,
    story_subjects,
    utcnow,
)


def entity_key(kind: str, text: str) -> str:
    """The canonical key of a spelling, as :mod:`pipeline.entities` computes it."""
    return {"show": show_key, "person": person_key, "platform": platform_key}[kind](text)


@dataclass(frozen=True)
class Name:
    """One spelling of an entity: its kind, canonical key and the text to show; ``given``
    when that text is a name given to it (the user's aliases file), not one an article
    wrote: an entity created under it keeps it (:func:`shown_name`)."""

    kind: str
    key: str
    display: str
    given: bool = False


# --------------------------------------------------------------------------- resolution


def resolve(session: Session, names: Iterable[Name]) -> dict[tuple[str, str], int]:
    """(kind, key) → entity id for every name, creating unknown entities."""
    wanted = {(n.kind, stored_key(n.key)): n for n in names if n.key}
    found = _alias_lookup(session, wanted)
    missing = sorted(set(wanted) - set(found))
    if missing:
        found.update(_create(session, [wanted[k] for k in missing]))
        # an alias key another transaction took meanwhile stays with its entity
        found.update(_alias_lookup(session, {k: wanted[k] for k in missing if k not in found}))
    return found


def _alias_lookup(session: Session, wanted: Mapping[tuple[str, str], Any]) -> dict[tuple[str, str], int]:
    if not wanted:
        return {}
    return {(kind, key): entity_id for kind, key, entity_id in entity_ids_by_alias(session, wanted)}


def _create(session: Session, names: Sequence[Name]) -> dict[tuple[str, str], int]:
    """Entities and their own-key aliases, idempotently and in key order; returns
    (kind, key) → entity id of the aliases written here. An entity or alias already stored
    (by another transaction meanwhile) is left as it is: reading the ids back is only
    needed for those."""
    by_key = {(n.kind, stored_key(n.key)): n for n in names}
    ids = {(kind, key): entity_id for kind, key, entity_id in
           add_entities(session, sorted({(kind, key, n.display, n.given) for (kind, key), n in by_key.items()}))}
    known = {(kind, key) for kind, key in by_key if (kind, key) not in ids}
    if known:
        ids.update({(kind, key): entity_id for kind, key, entity_id in entity_ids_by_key(session, known)})
    added = _add_aliases(session, [(kind, key, by_key[(kind, key)].display, entity_id)
                                   for (kind, key), entity_id in ids.items()])
    return {(kind, key): entity_id for kind, key, entity_id in added}


def _add_aliases(session: Session, aliases: Iterable[tuple[str, str, str, int]]) -> list[Any]:
    """Add these (kind, key, text, entity id) aliases in key order; returns (kind, key,
    entity id) of those added (an alias key already taken stays with its entity)."""
    return add_entity_aliases(session, sorted({(kind, stored_key(key), text, entity_id)
                                               for kind, key, text, entity_id in aliases}))


# --------------------------------------------------------------------------- articles


def entity_links(session: Session, entities: Any, shows: Mapping[str, str] | None = None) -> list[tuple[int, str, str]]:
    """The (entity_id, role, text) rows of the entities an article names, resolving (and
    creating) them; other forms of a name the article gives join its entity. ``shows`` maps a
    show's key to its name as the article's analysis gave it (``event_keys["shows"]``:
    :func:`pipeline.entities.written_spelling`, its spelling in the body rather than a title-case
    headline's, or the name the user's aliases file gives it): the spelling an entity is shown under."""
    mentions = [*entities.shows, *entities.people, *entities.platforms]
    named = {m: (shows or {}).get(stored_key(m.key), m.name) if m.kind == "show" else m.name for m in mentions}
    # a row keeps the text written, not a name the user's aliases file gives (a name other than the text)
    written = {m: m.text if m.name != m.text else named[m] for m in mentions}
    ids = resolve(session, [Name(m.kind, m.key, named[m], given=m.name != m.text) for m in mentions])
    absorbed: dict[int, int] = {}  # entities merged into another meanwhile: old id → new id
    _link_variants(session, mentions, ids, absorbed)
    _link_working_titles(session, entities.shows, ids, absorbed)
    rows = {
        (_surviving(ids[(m.kind, stored_key(m.key))], absorbed), m.role or m.kind): written[m]
        for m in mentions if (m.kind, stored_key(m.key)) in ids
    }
    return [(entity_id, role, text) for (entity_id, role), text in sorted(rows.items())]


def _surviving(entity_id: int, absorbed: Mapping[int, int]) -> int:
    """The entity that ``entity_id`` ended up in after the merges ``absorbed`` (old → new id)."""
    while entity_id in absorbed:
        entity_id = absorbed[entity_id]
    return entity_id


def _link_variants(session: Session, mentions: Sequence[Any], ids: Mapping[tuple[str, str], int],
                   absorbed: dict[int, int]) -> None:
    """Other forms an article gives for a name become aliases of the same entity; an entity
    already known under such a form ("한효주" seen alone before "Han Hyo-joo (한효주)") is
    merged into it (recorded in ``absorbed``)."""
    aliases = []
    for mention in mentions:
        entity_id = ids.get((mention.kind, stored_key(mention.key)))
        for text, key in _variants(mention):
            if entity_id is not None and key and key != mention.key:
                aliases.append((mention.kind, stored_key(key), text, entity_id))
    if not aliases:
        return
    owners = _alias_lookup(session, {(kind, key): None for kind, key, _text, _entity in aliases})
    for kind, key, _text, entity_id in aliases:
        if (kind, key) in owners:
            _merge(session, entity_id, owners[(kind, key)], absorbed)
    _add_aliases(session, [(kind, key, text, _surviving(entity_id, absorbed))
                           for kind, key, text, entity_id in aliases if (kind, key) not in owners])


def _variants(mention: Any) -> list[tuple[str, str]]:
    """(text, key) of the other forms the article gave: native spellings, a final title."""
    return [(text, entity_key(mention.kind, text)) for text in mention.aliases]


def _link_working_titles(session: Session, shows: Sequence[Any], ids: Mapping[tuple[str, str], int],
                         absorbed: dict[int, int]) -> None:
    """A working title the article ties to its final title becomes that title's entity
    (recorded in ``absorbed``)."""
    for mention in shows:
        final = ids.get(("show", stored_key(mention.working_title_of or "")))
        working = ids.get(("show", stored_key(mention.key)))
        if final is not None and working is not None:
            _merge(session, final, working, absorbed)
            # shown under its final title, however many articles still use the working one
            session.execute(update(Entity).where(Entity.id == _surviving(final, absorbed)).values(named=True))


def _merge(session: Session, target: int, other: int, absorbed: dict[int, int]) -> None:
    """Make entity ``other`` one with ``target`` (:func:`_absorb`) — each as it is after the
    merges ``absorbed`` records — unless they are one by now; the merge is recorded in
    ``absorbed`` (dropped id → kept id)."""
    target, other = _surviving(target, absorbed), _surviving(other, absorbed)
    if target != other:
        kept = _absorb(session, target, other)
        absorbed[other if kept == target else target] = kept


# --------------------------------------------------------------------------- user aliases


@dataclass(frozen=True)
class AliasesApplied:
    """What applying an aliases file changed: entities merged into another, entities given the
    file's name, spellings added to an entity, spellings given to another entity."""

    merged: int
    split: int
    renamed: int = 0
    added: int = 0

    def __str__(self) -> str:
        def count(number: int, one: str, many: str) -> str:
            return f"{number} {one if number == 1 else many}"

        return (f"aliases file applied: {count(self.merged, 'entity', 'entities')} merged into another, "
                f"{count(self.renamed, 'entity', 'entities')} renamed, {count(self.added, 'spelling', 'spellings')} "
                f"added, {count(self.split, 'spelling', 'spellings')} split off")


def apply_aliases_file(session: Session, aliases: Mapping[str, Any],
                       origin: str = "aliases file") -> AliasesApplied:
    """Apply a parsed ``aliases.toml`` (format: :func:`pipeline.entities.load_aliases`)
    to the stored entities: ``[[show]]``/``[[person]]``/``[[platform]]`` entries merge
    their names into one entity, ``[[split]]`` entries give their names their own entity.

    New articles resolve through the same file in :func:`pipeline.entities.find_entities`;
    this brings the entities already stored in line with it. ``origin`` names the file in
    the error of a malformed entry (:func:`pipeline.entities.aliases_origin`).
    """
    parse_aliases(aliases, origin)  # validates; raises UserError with the entry
    before, spellings = _count(session, Entity), _count(session, EntityAlias)
    renamed = 0
    for section in ENTITY_KINDS:
        for entry in aliases.get(section, []):
            kind, name, others = entry.get("kind", section), entry["name"], entry.get("aliases", [])
            # the names the entry's spellings were shown under, to tell a rename ("The Neon Alley")
            ids = entity_ids_for_keys(session, kind, {entity_key(kind, text) for text in [name, *others]})
            shown = set(session.execute(select(Entity.name).where(Entity.id.in_(sorted(ids)))).scalars())
            merge_entities(session, kind, name, others, key=entry.get("key"))
            renamed += bool(shown) and name not in shown
    merged = max(0, before - _count(session, Entity))
    added = max(0, _count(session, EntityAlias) - spellings)
    split = 0
    for entry in aliases.get("split", []):
        key = entry.get("key") or entity_key(entry["kind"], entry["name"])
        for text in [entry["name"], *entry.get("aliases", [])]:
            split += split_alias(session, entry["kind"], text, key=key, name=entry["name"])[1]
    return AliasesApplied(merged, split, renamed, added)


def _count(session: Session, model: Any) -> int:
    return int(session.execute(select(func.count()).select_from(model)).scalar_one())


def merge_entities(session: Session, kind: str, name: str, others: Sequence[str],
                   key: str | None = None) -> int:
    """Make ``name`` and every name in ``others`` one entity shown as ``name``."""
    main = Name(kind, key or entity_key(kind, name), name)
    names = [main, *(Name(kind, entity_key(kind, text), text) for text in others)]
    ids = resolve(session, names)
    target = ids[(kind, stored_key(main.key))]
    for other_id in sorted(set(ids.values()) - {target}):
        target = _absorb(session, target, other_id)
    session.execute(update(Entity).where(Entity.id == target).values(name=name, named=True))
    if kind == "show":  # the stories about it show the name given, whichever spelling they had
        keys = select(EntityAlias.alias_key).where(EntityAlias.entity_id == target)
        session.execute(update(Story).where(Story.show_key.in_(keys), or_(Story.show.is_(None), Story.show != name))
                        .values(show=name, updated_at=utcnow()))  # changed: the next incremental pull has them
    return target


def _absorb(session: Session, target: int, other: int) -> int:
    """Make entities ``target`` and ``other`` one, known by ``target``'s key and name; returns
    its id. The older entity (the lower id) stays, with its id and the time castwire first saw
    either, as an export consumer keys on them; the other one's aliases and article links
    move to it, and it is dropped."""
    kept, dropped = min(target, other), max(target, other)
    rows = {row.id: row for row in session.execute(
        select(Entity.id, Entity.key, Entity.name, Entity.named, Entity.created_at).where(Entity.id.in_([kept, dropped])))}
    session.execute(update(EntityAlias).where(EntityAlias.entity_id == dropped).values(entity_id=kept))
    links = session.execute(select(ArticleEntity).where(ArticleEntity.entity_id == dropped)).scalars().all()
    if links:
        session.execute(_insert(session, ArticleEntity.__table__).values([
            {"article_id": link.article_id, "entity_id": kept, "role": link.role, "text": link.text}
            for link in links
        ]).on_conflict_do_nothing())
    session.execute(delete(ArticleEntity).where(ArticleEntity.entity_id == dropped))
    session.execute(delete(Entity).where(Entity.id == dropped))  # first: its key may go to the one kept
    if kept in rows and dropped in rows:
        named = rows[target]
        session.execute(update(Entity).where(Entity.id == kept).values(
            key=named.key, name=named.name, named=named.named,
            created_at=min(rows[kept].created_at, rows[dropped].created_at)))
    return kept


def split_alias(session: Session, kind: str, text: str, *, key: str, name: str) -> tuple[int, bool]:
    """Give the spelling ``text`` the entity ``key`` (shown as ``name``); articles that wrote it
    follow. Returns that entity's id, and whether the spelling was another entity's."""
    spelling = stored_key(entity_key(kind, text))
    current = session.execute(
        select(EntityAlias.entity_id).where(EntityAlias.kind == kind, EntityAlias.alias_key == spelling)
    ).scalar_one_or_none()
    owner = resolve(session, [Name(kind, key, name)])[(kind, stored_key(key))]
    session.execute(update(Entity).where(Entity.id == owner).values(name=name, named=True))
    if current == owner:
        return owner, False
    session.execute(_insert(session, EntityAlias.__table__).values(
        kind=kind, alias_key=spelling, alias=text, entity_id=owner
    ).on_conflict_do_update(index_elements=["kind", "alias_key"],
                            set_={"entity_id": owner}))
    if current is not None:
        _move_links(session, kind, spelling, current, owner)
    return owner, current is not None


def _move_links(session: Session, kind: str, key: str, old: int, new: int) -> None:
    links = session.execute(select(ArticleEntity).where(ArticleEntity.entity_id == old)).scalars().all()
    moving = [link for link in links if entity_key(kind, link.text) == key]
    if not moving:
        return
    session.execute(_insert(session, ArticleEntity.__table__).values([
        {"article_id": link.article_id, "entity_id": new, "role": link.role, "text": link.text}
        for link in moving
    ]).on_conflict_do_nothing())
    for link in moving:
        session.delete(link)


# --------------------------------------------------------------------------- listing


@dataclass(frozen=True)
class EntityView:
    """One line of ``castwire entities``."""

    kind: str
    name: str
    aliases: tuple[str, ...]
    article_count: int


def entities_named(session: Session, kind: str, name: str, aliases: Aliases | None = None) -> set[int]:
    """The stored entities a user means by ``name``: those known under any spelling or
    alias with its key, or under a name ``aliases`` (the user's file, applied or not yet)
    makes one with it, and for a person also those under a name in another script that
    reads the same (:func:`people_across_scripts`)."""
    names = aliases.names_with(kind, name) if aliases else (name,)
    keys = {entity_key(kind, n) for n in names}
    ids = entity_ids_for_keys(session, kind, expand_entity_keys(session, kind, keys))
    if kind == "person":
        for n in names:
            ids |= people_across_scripts(session, n)
    return ids


def people_across_scripts(session: Session, name: str) -> set[int]:
    """The people stored under a name in another script that reads as ``name`` does
    ("森山航平" for "Moriyama Kohei", "Kurosawa Ren" for "黒沢蓮"), by the rule a story
    uses to list its cast once. Reads every stored person's spellings: for a user's
    lookup, not for ingestion."""
    return {entity_id for entity_id, spelling in entity_spellings(session, "person")
            if same_person_across_scripts(name, spelling)}


#: How many reports of a story about one show must be about a title in another script for
#: ``same_as`` to take the two as one show: one misfiled report does not join them for good.
MIN_SAME_SHOW_REPORTS = 2


def same_as(session: Session) -> dict[int, int]:
    """Entity id → the lowest id of the entities castwire takes as the same person or show as
    it, for those it takes as one with another (the rest are their own): a person stored
    under names in several scripts that read the same (the rule of ``--person``,
    :func:`pipeline.romanise.same_person_across_scripts`, among the names a story would
    match: :func:`pipeline.romanise.name_keys`), a show under titles in other scripts that
    reports of one story are about (one show per report, as ``--show`` takes a story's; at least
    :data:`MIN_SAME_SHOW_REPORTS` reports)."""
    parent: dict[int, int] = {}

    def root(entity_id: int) -> int:
        while parent.get(entity_id, entity_id) != entity_id:
            entity_id = parent[entity_id]
        return entity_id

    def join(one: int, other: int) -> None:
        one, other = root(one), root(other)
        if one != other:
            parent[max(one, other)] = min(one, other)

    by_key: dict[str, set[tuple[int, str]]] = defaultdict(set)
    for entity_id, spelling in entity_spellings(session, "person"):
        for key in name_keys(spelling):
            by_key[key].add((entity_id, spelling))
    for named in by_key.values():
        for (one, spelling), (other, other_spelling) in combinations(sorted(named), 2):
            if one != other and root(one) != root(other) and same_person_across_scripts(spelling, other_spelling):
                join(one, other)
    scripts: dict[int, set[str | None]] = defaultdict(set)
    for entity_id, spelling in entity_spellings(session, "show"):
        scripts[entity_id].add(native_script(spelling))
    subjects = list(story_subjects(session))
    ids = {key: entity_id for _kind, key, entity_id in
           entity_ids_by_alias(session, {("show", k) for show, keys, _ in subjects for k in (show, *keys)})}
    reports: Counter[tuple[int, int]] = Counter()
    for show, keys, count in subjects:
        about = {ids[key] for key in keys if key in ids}
        if len(about) == 1 and show in ids and not scripts[ids[show]] & scripts[next(iter(about))]:
            reports[ids[show], about.pop()] += count
    for (show_id, about_id), count in reports.items():
        if count >= MIN_SAME_SHOW_REPORTS:
            join(show_id, about_id)
    return {entity_id: root(entity_id) for entity_id in parent}


def list_entities(session: Session, kind: str | None = None, search: str | None = None,
                  limit: int | None = None, aliases: Aliases | None = None) -> list[EntityView]:
    """Entities with their other names and how many articles name them, most named first
    (at most ``limit`` of them). ``search``: those with a name or alias containing it, and
    those it names (:func:`entities_named`: any spelling or order, a person in any script,
    a name ``aliases`` makes one with it)."""
    count = func.count(func.distinct(ArticleEntity.article_id))
    query = (
        select(Entity, count.label("articles"))
        .outerjoin(ArticleEntity, ArticleEntity.entity_id == Entity.id)
        .group_by(Entity.id)
        .order_by(count.desc(), Entity.kind, Entity.name, Entity.id)
    )
    if kind is not None:
        query = query.where(Entity.kind == kind)
    if search:
        search = search.strip()
        folded = search.casefold()  # matched as text: % and _ are not wildcards
        matching = select(EntityAlias.entity_id).where(func.lower(EntityAlias.alias).contains(folded, autoescape=True))
        named = set().union(*(entities_named(session, k, search, aliases) for k in ([kind] if kind else ENTITY_KINDS)))
        query = query.where(or_(func.lower(Entity.name).contains(folded, autoescape=True), Entity.id.in_(matching),
                                Entity.id.in_(sorted(named))))
    rows = session.execute(query.limit(limit)).all()
    spellings = entity_spelling_counts(session, [row.Entity.id for row in rows],
                                       uncounted={row.Entity.id for row in rows if row.Entity.kind == "platform"})
    views = []
    for row in rows:
        name = shown_name(row.Entity.kind, row.Entity.name, row.Entity.named, spellings[row.Entity.id])
        views.append(EntityView(row.Entity.kind, name, tuple(a for a in spellings[row.Entity.id] if a != name),
                                row.articles))
    return views


def shown_name(kind: str, name: str, named: bool, spellings: Mapping[str, SpellingUse]) -> str:
    """The name an entity is shown under: the one it was given (``named``: by the user's
    aliases file, or as a show's final title; a platform's is its name in the platform
    table), else the spelling most of its articles use (``spellings``, from
    :func:`storage.repository.entity_spelling_counts`), one in Latin letters before one in
    Hangul or Japanese script, then the one published first, as a story's names are; the
    stored ``name`` when no article names it. Crawl order does not matter, as it does for
    the stored name (the first spelling met)."""
    written = {spelling: use for spelling, use in spellings.items() if use.articles}
    if named or kind == "platform" or not written:
        return name
    return min(written, key=lambda spelling: (is_native(spelling), -written[spelling].articles,
                                              written[spelling].first or _NEVER, spelling))


_NEVER = datetime.max.replace(tzinfo=UTC)

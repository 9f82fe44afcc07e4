"""Layered deduplication of article bodies.

Layer 1 (same canonical URL key → same row, updated in place) lives in
:func:`storage.repository.upsert_article`. This module adds:

Layer 2 — exact copies. :func:`content_hash` is the SHA-256 of the *comparable*
body (:func:`pipeline.normalise.comparable`: NFKC, casefolded, plain quotes and
dashes, collapsed whitespace), so a syndicated copy that differs only in
typography or spacing has the same hash. The indexed ``articles.content_hash``
finds the earliest stored article with that hash.

Layer 3 — near copies (light rewrites, other boilerplate). A MinHash signature
of :data:`NUM_PERM` = :data:`BANDS` × :data:`ROWS` permutations is computed over
shingles: word 3-grams for spaced scripts, character 3-grams (spaces removed)
for Korean and Japanese, where words are not reliable units. The signature is
stored with the article (``articles.minhash``, 256 bytes) and its LSH band keys
(48-bit hashes, band ``i``'s in column ``band<i>``) in ``article_bands`` (indexed), so a
candidate is any article sharing one band — an indexed lookup whose cost does not depend on the size of
the store. Candidates are verified by the MinHash estimate of the Jaccard
similarity (the share of equal signature values): ``≥ NEAR_THRESHOLD`` makes a
near duplicate, unless the two articles name only different shows or only
different people (their story keys, :func:`pipeline.stories.event_keys`):
outlets reuse their own sentences across stories, and a copy is never about
another show or person.

Chosen on ``tests/data/stories/dev.jsonl`` (``python bench/stories.py``, with
``--shuffle``): copies and light rewrites score 0.86–1.00 against their original
(bodies as stored, after :func:`pipeline.normalise.normalise_body`); other outlets'
own, formulaic articles about the same event reach 0.77 (one shares four of its five
paragraphs with another outlet's rewrite of the same announcement), and the same
outlet's template for another event of the same show 0.70 (ruled out by the name
check below). The verification threshold 0.80 sits between the two populations; at
0.75 that 0.77 pair became a copy whenever the crawl met the rewrite first. With 16
bands of 4 rows the LSH S-curve has its midpoint at (1/16)^(1/4) = 0.50, and a pair at
Jaccard 0.8 becomes a candidate with probability 1-(1-0.8^4)^16 = 0.9997.

On a short text each edited word costs three shingles: an aggregator's light rewrite of a
69-word report, six words changed, scores 0.62. A candidate from :data:`REWRITE_FLOOR` up to
the threshold is therefore a near copy when it is a rewrite paragraph by paragraph
(:func:`rewritten`): every paragraph of each text has a counterpart in the other at a
word-sequence similarity ≥ :data:`REWRITTEN_PARAGRAPH`. Other outlets' own articles about
one event in the dev set share all but one paragraph at best, and that paragraph (their own
lead) is at 0.49 at most against any of the other's; the rewrite's least similar paragraph
is at 0.86.

Everything up to the band keys is computed from the article alone
(:func:`fingerprint`, run with the rest of the analysis off the storage thread);
:func:`find_original` is the part that reads the database, and
:func:`claim_original` the part that writes it.

The original of a group of copies is the page the others name as their original (a
portal's "기사원문" / "原文" link back to the outlet), else its first publication (earliest
publication time, else fetch time; two times in the same minute, one of them to the minute
only, are no order), whatever order the crawls meet them in (:func:`published_first`): a
copy is linked to the group's original, and an article that is the original of that
original — the source crawled after its copies — takes the group over (:func:`claim_original`).

Concurrency: on PostgreSQL the hash and the band keys are taken as transaction
advisory locks (sorted, see :func:`lock_pairs`) before the lookups, so two
crawls storing copies of one article at the same time see each other.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import struct
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from pipeline.normalise import canonical_url_key, comparable, same_site
from storage.models import BANDS as ARTICLE_BANDS
from storage.repository import (
    article_bodies,
    article_publication,
    article_story,
    duplicate_candidates,
    take_over_copies,
)

if TYPE_CHECKING:
    from datasketch import MinHash

BANDS = ARTICLE_BANDS  # the columns of article_bands
ROWS = 4
NUM_PERM = BANDS * ROWS
SEED = 20240315
SCHEME = "affine32"
NEAR_THRESHOLD = 0.80
#: Below :data:`NEAR_THRESHOLD`, down to this estimate, a candidate is a light rewrite when
#: every paragraph of each text is one of the other's with a word changed here and there
#: (:func:`rewritten`): on a short text each edited word costs three shingles.
REWRITE_FLOOR = 0.50
#: The least word-sequence similarity (difflib's ratio) of a paragraph to its counterpart in a
#: light rewrite (:func:`rewritten`).
REWRITTEN_PARAGRAPH = 0.70
#: Texts of more paragraphs than this are not checked for a rewrite (:func:`rewritten` compares
#: paragraphs pairwise, on the writer's path): a few words changed in a text that long leave its
#: MinHash estimate above :data:`NEAR_THRESHOLD` anyway.
MAX_REWRITE_PARAGRAPHS = 40
WORD_SHINGLE = 3
CHAR_SHINGLE = 3
CJK_LANGUAGES = frozenset({"ko", "ja", "zh"})
MIN_SHINGLES = 8  # shorter bodies get no bands: too little text to call a near copy
BAND_BYTES = 6  # 48 bits per band key: collisions between unrelated bands are negligible
#: Candidates verified per article, those sharing the most bands first: a copy shares most of
#: its 16 bands (5 on average at Jaccard 0.75, 11 at 0.9), unrelated texts one by chance.
MAX_CANDIDATES = 10
_SIGNATURE_DTYPE = "<u4"  # NumPy dtype of the stored values: little-endian whatever the machine

_WORD = re.compile(r"\w+", re.UNICODE)
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
#: Advisory lock spaces: duplicates are locked before stories, each space in sorted order.
DEDUP_LOCKS = 0x6364  # "cd"
STORY_LOCKS = 0x6373  # "cs"


@dataclass(frozen=True)
class Fingerprint:
    """What dedup compares of one article: the body hash, its MinHash and LSH band keys."""

    content_hash: str
    minhash: bytes | None  # NUM_PERM little-endian uint32 values; None for a too-short body
    bands: tuple[int, ...]  # band i's key at i, none for a too-short body


@dataclass(frozen=True)
class Original:
    """The article a new one copies: the root of its duplicate chain."""

    article_id: int
    kind: str  # "exact" | "near" | "moved" (the same text its own outlet stored under another URL)
    story_id: int | None


def content_hash(text: str) -> str:
    """SHA-256 (hex) of the comparable form of ``text``."""
    return _hash_folded(comparable(text))


def _hash_folded(folded: str) -> str:
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def shingles(text: str, language: str | None) -> set[str]:
    """Word 3-grams, or character 3-grams for Korean/Japanese (punctuation and spaces removed)."""
    return _shingles_folded(comparable(text), language)


def _shingles_folded(folded: str, language: str | None) -> set[str]:
    # each n-gram zipped from the sequence and its shifts (nothing for a sequence shorter than n):
    # the same set as slicing at every position, without a slice and an index per n-gram
    if language in CJK_LANGUAGES:
        compact = _NOT_WORD.sub("", folded)
        return set(map("".join, zip(*(compact[i:] for i in range(CHAR_SHINGLE)), strict=False)))
    words = _WORD.findall(folded)
    return set(map(" ".join, zip(*(words[i:] for i in range(WORD_SHINGLE)), strict=False)))


@cache
def _minhash() -> type[MinHash]:
    """datasketch's MinHash, imported when first needed: the package imports SciPy (a third
    of a second), which processes that never compute a signature (the crawl that hands
    analysis to its workers, the commands that only read) need not pay for."""
    from datasketch import MinHash

    return MinHash


@cache
def _permutations() -> Any:
    """The MinHash permutation parameters (derived from :data:`SEED`; computed once)."""
    return _minhash()(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


def signature(text: str, language: str | None) -> MinHash | None:
    """The MinHash of ``text``'s shingles, or None when the text is too short to compare."""
    return _signature_folded(comparable(text), language)


def _signature_folded(folded: str, language: str | None) -> MinHash | None:
    grams = _shingles_folded(folded, language)
    if len(grams) < MIN_SHINGLES:
        return None
    minhash = _minhash()(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, permutations=_permutations(),
                         hashfunc=_sha1_hash32)
    minhash.update_batch(grams)  # a minimum per permutation: any order gives the same
    return minhash


def _sha1_hash32(gram: str) -> int:
    """datasketch's default ``sha1_hash32`` of the shingle's UTF-8 (the first four bytes of the
    SHA-1, little-endian), the bytes made in the same call and read in place (no slice): one
    call per shingle, the signature's main cost."""
    return _FIRST_UINT32(_sha1(gram.encode("utf-8")).digest())[0]


_sha1 = hashlib.sha1
_FIRST_UINT32 = struct.Struct("<I").unpack_from  # the first four bytes, little-endian


def band_keys(minhash: MinHash) -> list[int]:
    """Band ``i``'s key at ``i``: the first :data:`BAND_BYTES` of the BLAKE2b of its rows."""
    values = minhash.hashvalues
    raw, size = values.tobytes(), ROWS * values.itemsize  # the rows' bytes, sliced (not the array per band)
    return [int.from_bytes(hashlib.blake2b(raw[band * size : (band + 1) * size],
                                           digest_size=8).digest()[:BAND_BYTES], "big")
            for band in range(BANDS)]


def minhash_bands(text: str, language: str | None) -> list[int]:
    """LSH band keys of ``text``, band ``i``'s at ``i`` (empty for very short texts)."""
    minhash = signature(text, language)
    return band_keys(minhash) if minhash is not None else []


def fingerprint(body: str, language: str | None, *, fallback: str = "") -> Fingerprint:
    """The hash, signature and band keys of a body (``fallback`` is hashed when it is empty)."""
    folded = comparable(body)
    minhash = _signature_folded(folded, language)
    return Fingerprint(
        content_hash=_hash_folded(folded) if body else content_hash(fallback),
        minhash=minhash.hashvalues.astype(_SIGNATURE_DTYPE).tobytes() if minhash is not None else None,
        bands=tuple(band_keys(minhash)) if minhash is not None else (),
    )


def similarity(one: bytes, other: bytes) -> float:
    """The MinHash estimate of the Jaccard similarity of two stored signatures."""
    if len(one) != len(other) or not one or len(one) % 4:  # not two signatures of the same size
        return 0.0
    # equal values are equal whatever their byte order: the writer, which only compares, needs no NumPy
    mine, theirs = memoryview(one).cast("I"), memoryview(other).cast("I")
    return sum(map(int.__eq__, mine, theirs)) / len(mine)


def lock_pairs(keys: Mapping[int, Iterable[str]]) -> list[tuple[int, int]]:
    """The advisory locks that serialise transactions touching the same keys, as the sorted
    ``(space, id)`` pairs :func:`storage.repository.upsert_article` takes first.

    ``keys`` maps a lock space (:data:`DEDUP_LOCKS`, :data:`STORY_LOCKS`) to key names;
    sorted, two transactions never wait on each other in a cycle.
    """
    return sorted({(space, _lock_id(key)) for space, names in keys.items() for key in names})


def lock_names(found: Fingerprint) -> list[str]:
    """The :data:`DEDUP_LOCKS` keys of an article: its body hash and its band keys."""
    return [f"hash:{found.content_hash}", *(f"b{band}:{key:012x}" for band, key in enumerate(found.bands))]


def _lock_id(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=4).digest(), "big",
                          signed=True)


def find_original(
    session: Session, article_id: int, found: Fingerprint, event_keys: Mapping[str, Any],
    language: str | None, *, source_id: int | None = None, title: str | None = None,
    published: datetime | None = None, body: str,
) -> Original | None:
    """The exact or near original of a stored article (the root of its chain), or None;
    "moved" when it is an article its outlet (``source_id``) stored under another URL (a page
    moved to a new address, the old one redirecting to it, or given a new canonical): the same
    article (:func:`_moved`).

    ``event_keys`` are the article's story keys (shows and people named), used to rule
    out an outlet's template reused for another show or person; ``published`` is its
    publication time; ``body`` its body as stored. The caller holds the article's
    :func:`lock_names` locks.

    Below :data:`NEAR_THRESHOLD` a candidate is a copy only as a light rewrite (:func:`rewritten`):
    those are checked only when no candidate reaches the threshold, best first, their bodies read
    in one statement.
    """
    candidates = duplicate_candidates(session, found.content_hash, found.bands, exclude_id=article_id,
                                      limit=MAX_CANDIDATES)
    if source_id is not None:
        own = next((c for c in candidates if c.source_id == source_id
                    and _moved(c, found, event_keys, language, title=title, published=published)), None)
        if own is not None:
            return Original(own.id, "moved", own.story_id)
    same = next((c for c in candidates if c.content_hash == found.content_hash), None)
    if same is not None:
        root = same.duplicate_of_id or same.id
        if root != article_id:
            story = same.story_id if root == same.id else article_story(session, root)
            return Original(root, "exact", story)
    if found.minhash is None:
        return None
    scored = []  # (score, -root, candidate)
    for candidate in candidates:
        root = candidate.duplicate_of_id or candidate.id
        if root == article_id:
            continue
        stored = candidate.minhash or _legacy_signature(candidate.body, candidate.language or language)
        if stored is None:
            continue
        score = similarity(found.minhash, stored)
        if score < REWRITE_FLOOR or _name_different(event_keys, json.loads(candidate.event_keys or "{}")):
            continue
        scored.append((score, -root, candidate))
    scored.sort(key=lambda entry: entry[:2], reverse=True)
    best = next((entry for entry in scored if entry[0] >= NEAR_THRESHOLD), None)
    if best is None and scored:
        best = _best_rewrite(session, scored, body, language)
    if best is None:
        return None
    score, root, candidate = best
    root = -root
    return Original(root, "near", candidate.story_id if root == candidate.id else article_story(session, root))


def _best_rewrite(session: Session, scored: list[tuple[float, int, Any]], body: str,
                  language: str | None) -> tuple[float, int, Any] | None:
    """The first of the ``scored`` candidates (best first) whose body is a light rewrite of
    ``body``: the article's paragraphs split once, the candidates' bodies read in one statement."""
    mine = _paragraph_units(body, language)
    if not mine or len(mine) > MAX_REWRITE_PARAGRAPHS:
        return None
    bodies = article_bodies(session, [candidate.id for _, _, candidate in scored if candidate.body is None])
    for entry in scored:
        candidate = entry[2]
        theirs = _paragraph_units(candidate.body or bodies.get(candidate.id, ""), language)
        if _rewrite_of(mine, theirs):
            return entry
    return None


def rewritten(one: str, other: str, language: str | None) -> bool:
    """Whether one body is a light rewrite of the other: each paragraph of each has a
    counterpart in the other whose words (characters in Korean and Japanese) are the same but
    for a few (difflib ratio ≥ :data:`REWRITTEN_PARAGRAPH`). Another outlet's own article about
    the same news shares sentences, but writes at least one paragraph of its own (its lead)."""
    return _rewrite_of(_paragraph_units(one, language), _paragraph_units(other, language))


def _rewrite_of(mine: list[list[str]], theirs: list[list[str]]) -> bool:
    """:func:`rewritten` on the texts' paragraph units (:func:`_paragraph_units`); no more than
    :data:`MAX_REWRITE_PARAGRAPHS` each."""
    if not mine or not theirs or max(len(mine), len(theirs)) > MAX_REWRITE_PARAGRAPHS:
        return False
    return _all_matched(mine, theirs) and _all_matched(theirs, mine)


def _paragraph_units(body: str, language: str | None) -> list[list[str]]:
    units = []
    for paragraph in body.split("\n"):
        folded = comparable(paragraph)
        found = list(_NOT_WORD.sub("", folded)) if language in CJK_LANGUAGES else _WORD.findall(folded)
        if found:
            units.append(found)
    return units


def _all_matched(paragraphs: list[list[str]], others: list[list[str]]) -> bool:
    """Whether each of ``paragraphs`` has a counterpart among ``others`` at a ratio ≥
    :data:`REWRITTEN_PARAGRAPH`. The paragraph at the same place is tried first (a rewrite keeps
    the order); a pair whose lengths alone bound the ratio below it is never compared; each
    other paragraph is indexed once (difflib indexes its second sequence)."""
    matchers: dict[int, difflib.SequenceMatcher[str]] = {}

    def matches(paragraph: list[str], index: int) -> bool:
        other = others[index]
        if 2 * min(len(paragraph), len(other)) < REWRITTEN_PARAGRAPH * (len(paragraph) + len(other)):
            return False
        matcher = matchers.get(index)
        if matcher is None:
            matcher = matchers[index] = difflib.SequenceMatcher(None, autojunk=False)
            matcher.set_seq2(other)
        matcher.set_seq1(paragraph)
        return matcher.quick_ratio() >= REWRITTEN_PARAGRAPH and matcher.ratio() >= REWRITTEN_PARAGRAPH

    return all(
        (place < len(others) and matches(paragraph, place))
        or any(matches(paragraph, index) for index in range(len(others)) if index != place)
        for place, paragraph in enumerate(paragraphs))


def claim_original(
    session: Session, article_id: int, original: Original, found: Fingerprint, *, published: datetime,
    url_key: str,
) -> bool:
    """Make the stored article the original of ``original`` (from :func:`find_original`) and
    of its copies when :func:`published_first` says it is ("published": its publication,
    else fetch, time); returns whether it did. Otherwise the article is a copy of ``original``."""
    mine, theirs = article_publication(session, article_id), article_publication(session, original.article_id)
    if theirs is None:
        return False
    new = Publication(url_key, mine.original_url if mine is not None else None, published)
    if not published_first(new, Publication(theirs.url_key, theirs.original_url, theirs.published)):
        return False
    take_over_copies(session, original.article_id, article_id, content_hash=found.content_hash)
    return True


@dataclass(frozen=True)
class Publication:
    """What decides which of two copies is the original."""

    url_key: str
    original_url: str | None  # the other site's page it names as its original
    published: datetime  # publication time, else fetch time


def published_first(one: Publication, other: Publication) -> bool:
    """Whether ``one`` is the original of ``other``, a copy of the same text; the same answer
    whichever of the two was stored first.

    A page naming the other as its original (a portal's "기사원문" or "原文" link back to the
    outlet, see :attr:`pipeline.records.ExtractedArticle.original_url`) is the copy. Else the
    earlier publication wins, but two times in the same minute, one of them to the minute only
    (portals show "오후 6:00" or "18:00配信" for an outlet's 18:00:05), are no order; then the
    smaller URL key."""
    one_names, other_names = _names(one.original_url, other), _names(other.original_url, one)
    if one_names != other_names:
        return other_names
    if _same_minute(one.published, other.published):
        return one.url_key < other.url_key
    return one.published < other.published


def _names(link: str | None, page: Publication) -> bool:
    """Whether ``link`` is ``page``: its address, or the front page of its site (a credit,
    "提供：<a href="https://www.oricon.co.jp/">ORICON NEWS</a>")."""
    if not link:
        return False
    key = canonical_url_key(link)
    if key == page.url_key:
        return True
    host, _, path = key.partition("/")
    return not path and same_site(f"//{host}", f"//{page.url_key.partition('/')[0]}")


def _same_minute(one: datetime, other: datetime) -> bool:
    def minute(when: datetime) -> datetime:
        return when.replace(second=0, microsecond=0)

    return minute(one) == minute(other) and (minute(one) == one or minute(other) == other)


#: Share of headline shingles two headlines of one article have in common at least, when the
#: outlet corrected it as it moved the page ("Jun Ji-hyun Signs On for Political Thriller" →
#: "… for tvN Political Thriller": 0.92); another article's headline shares almost none.
SAME_HEADLINE = 0.8


def _moved(candidate: Any, found: Fingerprint, event_keys: Mapping[str, Any], language: str | None, *,
           title: str | None, published: datetime | None) -> bool:
    """Whether a stored article of the same outlet is this one under another URL: the same text
    under the same headline, or, published at the same time, the same or a near-identical text
    (an edit) under the same or a corrected headline. The outlet's stock text under another
    headline, or its template for another story published at another time, is another article."""
    same_text = candidate.content_hash == found.content_hash
    if same_text and comparable(candidate.title or "") == comparable(title or ""):
        return True
    if published is None or candidate.published_at is None or _utc(candidate.published_at) != _utc(published):
        return False
    if _headline_overlap(candidate.title or "", title or "", language) < SAME_HEADLINE:
        return False
    if same_text:
        return True
    stored = candidate.minhash or _legacy_signature(candidate.body, candidate.language or language)
    return (found.minhash is not None and stored is not None and similarity(found.minhash, stored) >= NEAR_THRESHOLD
            and not _name_different(event_keys, json.loads(candidate.event_keys or "{}")))


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _headline_overlap(one: str, other: str, language: str | None) -> float:
    """Jaccard similarity of two headlines' words (characters' pairs in Korean and Japanese)."""
    def grams(text: str) -> set[str]:
        folded = comparable(text)
        if language in CJK_LANGUAGES:
            compact = _NOT_WORD.sub("", folded)
            return {compact[i : i + 2] for i in range(max(len(compact) - 1, 0))}
        return set(_WORD.findall(folded))
    mine, theirs = grams(one), grams(other)
    return len(mine & theirs) / len(mine | theirs) if mine and theirs else 0.0


def _legacy_signature(body: str | None, language: str | None) -> bytes | None:
    """The signature of an article stored before signatures were kept (from its body)."""
    minhash = signature(body or "", language)
    return minhash.hashvalues.astype(_SIGNATURE_DTYPE).tobytes() if minhash is not None else None


def _name_different(mine: Mapping[str, Any], theirs: Mapping[str, Any]) -> bool:
    """A copy never names only other shows or only other people than its original:
    outlets reuse their own sentences, but not for another show's or person's news."""
    for field in ("shows", "people"):
        one, other = set(mine.get(field, ())), set(theirs.get(field, ()))
        if one and other and not one & other:
            return True
    return False

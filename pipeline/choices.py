"""The fixed vocabularies the library and the command line share: the CLI builds its parser
(``--format``, ``--what``, ``--kind``) from these without importing the library behind it."""

from __future__ import annotations

#: The kinds of entity, as stored and as ``castwire entities --kind`` takes them.
ENTITY_KINDS = ("show", "person", "platform")
#: The watchlist's kinds → the TOML array of each.
WATCH_KINDS = {"person": "people", "show": "shows", "platform": "platforms"}
#: ``castwire digest --format``.
DIGEST_FORMATS = ("md", "html", "text")
#: ``castwire export --format`` and ``--what``.
EXPORT_FORMATS = ("csv", "json", "jsonl")
EXPORT_WHATS = ("articles", "stories", "entities")

"""One spider per catalogue source: ``scrapy list`` shows the catalogue's slugs."""

from __future__ import annotations

from typing import Self
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.settings import BaseSettings

from pipeline.config import Settings
from pipeline.sources import Catalogue, load_catalogue
from scrapers.spiders.news import NewsSpider


class CatalogueSpiderLoader:
    """Builds a :class:`NewsSpider` subclass for each source of the catalogue.

    The catalogue is the file named by the ``CASTWIRE_SOURCES`` setting or
    environment variable, else the packaged default.
    """

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> Self:
        path = settings.get("CASTWIRE_SOURCES") or Settings.from_env().sources_file
        return cls(load_catalogue(path))

    def load(self, spider_name: str) -> type[Spider]:
        if spider_name not in self.catalogue.sources:
            raise KeyError(f"Spider not found: {spider_name}")
        source = self.catalogue.sources[spider_name]
        return type(f"{source.slug.title().replace('_', '')}Spider", (NewsSpider,),
                    {"name": source.slug, "source": source, "__module__": NewsSpider.__module__})

    def list(self) -> list[str]:
        return sorted(self.catalogue.sources)

    def find_by_request(self, request: Request) -> list[str]:
        host = urlsplit(request.url).hostname or ""
        return [
            slug for slug, source in sorted(self.catalogue.sources.items())
            if host and urlsplit(source.homepage).hostname == host
        ]

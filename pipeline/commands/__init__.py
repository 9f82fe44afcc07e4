"""The castwire subcommands, one module per area."""

from pipeline.commands.cluster import worker
from pipeline.commands.crawling import crawl, demo
from pipeline.commands.database import db
from pipeline.commands.inspecting import extract, sources, status
from pipeline.commands.listing import entities, stories, story
from pipeline.commands.outputs import calendar, digest, export, feed, watch
from pipeline.commands.schedule import schedule

COMMANDS = (demo, crawl, digest, watch, export, feed, calendar, stories, story, entities, extract, sources, status, db,
            schedule, worker)

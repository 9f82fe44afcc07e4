"""castwire schedule."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from pipeline.cli_support import Context, make_folder, pass_context, scrapy_settings_option


@click.command()
@click.option("--once", is_flag=True,
              help="Run every job that is due once, then exit (for cron or a systemd timer).")
@click.option("--log-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Keep each crawl's Scrapy log here.")
@scrapy_settings_option
@pass_context
def schedule(ctx: Context, once: bool, log_dir: Path | None, scrapy_settings: tuple[str, ...]) -> None:
    """Crawl every source at its interval, send the daily digest, tidy the database.

    Runs until SIGTERM or Ctrl-C (running crawls get CASTWIRE_SHUTDOWN_GRACE
    seconds to finish). Only one scheduler can run per database.
    """
    from pipeline.scheduler import run_scheduler
    from pipeline.scheduler_lock import SchedulerAlreadyRunning

    for handler in logging.getLogger().handlers:  # a service's log: every line says when
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    if logging.getLogger().level > logging.DEBUG:
        # APScheduler's own lines say a failed crawl "executed successfully" (the job ran) and
        # "Added job" for jobs kept from the last run: castwire's lines say what happened; -vv shows them
        logging.getLogger("apscheduler").setLevel(logging.WARNING)
    if log_dir:
        make_folder(log_dir)
    try:
        status = run_scheduler(ctx.settings, ctx.catalogue().select(()), once=once, log_dir=log_dir,
                               extra_crawl_settings=scrapy_settings,
                               announce=lambda line: ctx.console.print(line, highlight=False))
    except SchedulerAlreadyRunning as running:
        if not once:
            raise
        # a cron call overlapping the one still running: nothing to do, and no error mail under -q
        ctx.console.print(f"castwire schedule --once: nothing run: {running}", highlight=False)
        status = 0
    click.get_current_context().exit(status)

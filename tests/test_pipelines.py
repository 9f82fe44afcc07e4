"""The crawl process's item pipelines."""

from __future__ import annotations

import subprocess
import sys


def test_the_crawl_process_imports_no_numpy_scipy_or_datasketch() -> None:
    """Its extraction workers compute the MinHash signatures; the crawl itself only compares
    stored ones. Before, importing the item pipelines imported NumPy (dedup's comparison), a
    tenth of a second or more of every crawl's start."""
    check = ("import sys, scrapers.pipelines; "
             "print(sorted({m.partition('.')[0] for m in sys.modules} & {'numpy', 'scipy', 'datasketch'}))")
    result = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"

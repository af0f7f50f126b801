"""How long `cxgraph report` takes, how large the page is, and how soon a browser shows it:
on the example, and on generated portfolios, clean and first-import (full of findings).

    python benchmarks/report.py --sizes 10k,100k       # by hand; the figures are in RESULTS.md
    python benchmarks/report.py --smoke                # CI: the example and 10k, both profiles

Each report is `cxgraph report FILE -o page.html` in its own process (wall time and peak RSS
from `os.wait4`). "Ready" is the time headless Chromium (Debian's, through Playwright) takes
from opening the file to the page's script having laid out every section; charts are drawn as
they near the screen, so it does not grow with their number. Without Chromium that column is
left out.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import engines

ROOT = Path(__file__).resolve().parents[1]
GENERATOR = ROOT / "benchmarks" / "generate.py"


def build(source: Path, page: Path) -> tuple[float, float]:
    command = [engines.cxgraph_script(), "report", str(source), "-o", str(page)]
    return engines.measure_or_exit(command, page.parent)


def ready_seconds(page: Path) -> tuple[float, int, int] | None:
    """Seconds until the page is laid out, charts on the page, console errors."""
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if chromium is None:
        return None
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium,
                                             args=["--no-sandbox", "--disable-gpu"])  # fmt: skip
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        tab.on("pageerror", lambda e: errors.append(str(e)))
        started = time.perf_counter()
        tab.goto(page.as_uri(), wait_until="load", timeout=600_000)
        tab.wait_for_function("document.body.dataset.charts !== undefined", timeout=600_000)
        ready = time.perf_counter() - started
        charts = int(tab.evaluate("document.body.dataset.charts"))
        browser.close()
    return ready, charts, len(errors)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k")
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    sizes = ["10k"] if args.smoke else args.sizes.split(",")
    print("| portfolio | build | peak RSS | page | ready in Chromium | charts |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="bench-report-") as folder:
        cases = [("example", ROOT / "examples" / "portfolio")]
        for size in sizes:
            for profile in ("clean", "first-import"):
                target = Path(folder) / f"{profile}-{size}.ttl"
                subprocess.run([sys.executable, str(GENERATOR), "--triples", size, "--profile",
                                profile, "-o", str(target)], check=True, capture_output=True)  # fmt: skip
                cases.append((f"{profile} {size}", target))
        failed = False
        for name, source in cases:
            page = Path(folder) / f"{name.replace(' ', '-')}.html"
            wall, rss = build(source, page)
            shown = ready_seconds(page)
            ready = "—" if shown is None else f"{shown[0]:.1f} s"
            charts = "—" if shown is None else str(shown[1])
            if shown is not None and shown[2]:
                failed = True
                ready += f" ({shown[2]} script errors)"
            print(f"| {name} | {wall:.1f} s | {rss:,.0f} MB | {page.stat().st_size / 1e6:.1f} MB "
                  f"| {ready} | {charts} |")  # fmt: skip
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

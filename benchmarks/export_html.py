"""Measure the targets of `mops export html` (issue 17), in one run.

    python benchmarks/export_html.py          # the table; exit 1 on a miss
    python benchmarks/export_html.py --smoke  # tiny sizes, one repetition: CI keeps it working

Rows: the export of the shipped directory (whole `mops` processes, warm cache, median with
the spread), the size of that file, and the time a search keystroke takes in Chromium on the
page of a 10,000-unit directory (benchmarks/generate.py): from the input event to the results
laid out, for every prefix of a few queries typed letter by letter and for clearing the box
(which brings the whole directory back). The machine may be shared: the typing is repeated
and each keystroke's fastest time counts, as the time the page itself needs; the slowest time
seen is shown too. The browser is the distribution's Chromium (/usr/bin/chromium, or
MOPS_CHROMIUM), driven by Playwright.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import directory as synthetic_directory  # noqa: E402
from run import mops_command  # noqa: E402

NOW = "2026-12-01T08:00:00+01:00"
QUERIES = ["dodatek mieszkaniowy", "kasa", "71 782 23", "zasilek rodzinny", "@mops", "wroclaw"]
TYPE_AND_TIME = """(queries) => {
  const box = document.getElementById("q"), times = [];
  for (const query of queries) {
    for (let i = 1; i <= query.length; i++) {
      const start = performance.now();
      box.value = query.slice(0, i);
      box.dispatchEvent(new Event("input"));
      document.body.offsetHeight;  // the layout of the results is part of the answer
      times.push(performance.now() - start);
    }
    const start = performance.now();  // clearing the box brings the whole directory back
    box.value = "";
    box.dispatchEvent(new Event("input"));
    document.body.offsetHeight;
    times.push(performance.now() - start);
  }
  return times;
}"""


def export(data: Path | None, target: Path, env: dict[str, str]) -> float:
    command = [*mops_command()]
    if data is not None:
        command += ["--data", str(data)]
    start = time.perf_counter()
    subprocess.run([*command, "export", "html", "-o", str(target)], env=env, check=True)
    return time.perf_counter() - start


def spread(values: list[float], unit: str = "ms", scale: float = 1000) -> str:
    median = statistics.median(values) * scale
    return f"{median:.0f} {unit} ({min(values) * scale:.0f}–{max(values) * scale:.0f})"


def keystrokes(page_path: Path, repeats: int) -> list[list[float]]:
    """Milliseconds per keystroke in Chromium, for each repetition of the typing."""
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("MOPS_CHROMIUM", "/usr/bin/chromium")
    args = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=args)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(page_path.as_uri(), timeout=120_000)
        page.evaluate(TYPE_AND_TIME, ["warm up"])
        times: list[list[float]] = [page.evaluate(TYPE_AND_TIME, QUERIES) for _ in range(repeats)]
        browser.close()
    return times


def chromium_version() -> str:
    chromium = os.environ.get("MOPS_CHROMIUM", "/usr/bin/chromium")
    try:
        found = subprocess.run([chromium, "--version"], capture_output=True, text=True, check=False)
    except OSError:
        return "no Chromium"
    return found.stdout.strip() or "Chromium"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, one repetition")
    options = parser.parse_args()
    repeats, size = (1, 100) if options.smoke else (11, 10_000)
    rows: list[tuple[str, str, str, bool]] = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        env = {**os.environ, "MOPS_NOW": NOW, "MOPS_CACHE_DIR": str(work / "cache"),
               "MOPS_CACHE_SYNC": "1"}  # fmt: skip
        env.pop("MOPS_DATA", None)
        shipped = work / "shipped.html"
        export(None, shipped, env)  # the cache is written: later runs are warm
        times = [export(None, shipped, env) for _ in range(repeats)]
        rows.append(("`mops export html`, shipped directory", "≤ 1 s", spread(times),
                     statistics.median(times) <= 1.0))  # fmt: skip
        kilobytes = shipped.stat().st_size / 1024
        rows.append(("the page's size, shipped directory", "≤ 300 KB", f"{kilobytes:.0f} KB",
                     kilobytes <= 300))  # fmt: skip
        data = work / "synthetic.toml"
        data.write_text(synthetic_directory(size), encoding="utf-8")
        big = work / "synthetic.html"
        export(data, big, env)
        runs = keystrokes(big, 1 if options.smoke else 5)
        typed = [min(times) for times in zip(*runs, strict=True)]  # fastest of each
        worst = max(typed)
        measured = (
            f"median {statistics.median(typed):.1f} ms, slowest {worst:.1f} ms "
            f"({len(typed)} keystrokes, fastest of {len(runs)} each; slowest seen "
            f"{max(max(times) for times in runs):.0f} ms; page {big.stat().st_size / 1e6:.1f} MB)"
        )
        rows.append((f"a search keystroke, {size:,} units", "< 50 ms", measured, worst < 50))
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(
        f"Measured with `python benchmarks/export_html.py` on: "
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, load average "
        f"{load}; Python {platform.python_version()}; {chromium_version()}."
    )
    print("\n| what | target | measured | verdict |\n|---|---|---|---|")
    for what, target, measured, met in rows:
        print(f"| {what} | {target} | {measured} | {'met' if met else 'MISSED'} |")
    return 0 if options.smoke or all(row[3] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())

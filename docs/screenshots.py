"""Make the README's screenshots of `mops export html`: python docs/screenshots.py

The page (Polish, at a pinned instant) and the printed help-lines card, from the shipped
directory, in the distribution's Chromium; with Pillow installed, the files are made small (a
32-colour palette).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

DOCS = Path(__file__).resolve().parent
NOW = "2026-11-30T11:30:00+01:00"  # the last day of the month: the cash desks close at 12:00


def export(target: Path, *args: str) -> None:
    env = {**os.environ, "MOPS_NOW": NOW, "MOPS_CACHE_DIR": ""}
    env.pop("MOPS_DATA", None)
    command = [sys.executable, "-m", "mops_cli", "--lang", "pl", "export", "html"]
    subprocess.run([*command, "-o", str(target), *args], check=True, env=env)


def shrink(path: Path) -> None:
    try:
        from PIL import Image
    except ImportError:
        return
    Image.open(path).convert("RGB").quantize(colors=32).save(path, optimize=True)


def main() -> None:
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("MOPS_CHROMIUM", "/usr/bin/chromium")
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        page_file, card_file = Path(folder) / "page.html", Path(folder) / "card.html"
        export(page_file)
        export(card_file, "--card", "help-lines")
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1000, "height": 900})
        page.clock.install(time=datetime.fromisoformat(NOW))
        page.goto(page_file.as_uri())
        page.screenshot(path=str(DOCS / "html-page.png"))
        # A4 at 96 dpi; the print margins drawn as padding (Chromium's screenshots ignore @page).
        card = browser.new_page(viewport={"width": 794, "height": 1123}, bypass_csp=True)
        card.goto(card_file.as_uri())
        card.emulate_media(media="print")
        card.add_style_tag(content="body{padding:12mm;min-height:297mm;outline:1px solid #999}")
        card.screenshot(path=str(DOCS / "html-card.png"), full_page=True)
        browser.close()
    for name in ("html-page.png", "html-card.png"):
        shrink(DOCS / name)
        print(f"{DOCS / name}: {(DOCS / name).stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()

"""`mops export html`: the command, and the page as text (the browser tests are in
test_html_browser.py): self-contained, escaped, deterministic, in the interface language."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser

import pytest
from conftest import UNIT_HEAD

from mops_cli import i18n

NOW = "2026-12-01T08:00:00+01:00"


@pytest.fixture(autouse=True)
def english_afterwards():
    """A run under --lang pl leaves Polish active in this process: later tests expect English."""
    yield
    i18n.activate("en")


class Page(HTMLParser):
    """The tags, attributes and text of a page, as a browser's parser sees them."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.raw: dict[str, list[str]] = {"script": [], "style": []}
        self._in: str | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in = tag if tag in self.raw else None

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in in self.raw:
            self.raw[self._in].append(data)
        else:
            self.text.append(data)

    def attrs(self, name: str) -> list[str]:
        return [a[name] or "" for _t, a in self.tags if name in a]


def export(run, *args, now=NOW, **environ):
    result = run("export", "html", *args, now=now, **environ)
    assert result.code == 0, result.err
    return result.out


def test_one_self_contained_file(run):
    page = Page(export(run))
    tags = {tag for tag, _a in page.tags}
    assert not tags & {"link", "img", "iframe", "object", "embed", "base", "form"}
    assert not [a for t, a in page.tags if t == "script" and "src" in a]
    policy = next(
        a["content"] for t, a in page.tags if a.get("http-equiv") == "Content-Security-Policy"
    )
    assert policy.startswith("default-src 'none'; ")
    # The inline style and script are allowed by their hashes, and nothing else is.
    for kind, directive in (("style", "style-src"), ("script", "script-src")):
        source = page.raw[kind][0] if kind == "style" else page.raw["script"][-1]
        digest = base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()
        assert f"{directive} 'sha256-{digest}';" in policy
    assert "http" not in policy and "'unsafe-inline'" not in policy


def test_help_lines_first_then_every_unit(run):
    from conftest import DATA

    from mops_cli.loader import load

    page = Page(export(run))
    units = [a["data-unit"] for t, a in page.tags if t == "article"]
    shipped = load(DATA).units
    lines = [u.id for u in shipped if u.category == "helpline"]
    offices = [u.id for u in shipped if u.category == "office"]
    referrals = [u.id for u in shipped if u.category == "referral"]
    assert units == lines + offices + referrals  # each group in the file's order
    assert units[:3] == ["112", "niebieska-linia", "telefon-zaufania"]
    assert len(units) == 81


def test_links_are_tel_mailto_and_web_only(run):
    page = Page(export(run))
    hrefs = page.attrs("href")
    assert "tel:+48717822322" in hrefs and "tel:112" in hrefs
    assert "mailto:zon@mops.wroclaw.pl" in hrefs
    assert "https://www.wroclaw.pl/bez-przemocy/" in hrefs
    assert all(re.match(r"(tel:\+?\d+|mailto:[^:]+@[^:]+|https?://\S+)$", h) for h in hrefs), hrefs


def test_a_unit_card_has_what_a_caller_needs(run):
    text = export(run)
    card = text[text.index('data-unit="kasy"') :]
    card = card[: card.index("</article>")]
    assert "<h3 " in card and ">Kasy</h3>" in card
    assert "<dt>address</dt><dd>ul. Strzegomska 6, 53-611 Wrocław</dd>" in card
    assert "<dt>hours</dt><dd>Mon–Fri 10:00–14:00; ostatni dzień miesiąca 10:00–12:00</dd>" in card
    assert '<th scope="row">Thu 3 Dec</th><td>10:00–14:00</td>' in card
    assert "<li>Thu 24 Dec: public holiday: Christmas Eve</li>" in card
    assert "Verified 2026-12-04." in card


def test_free_and_round_the_clock_are_marked_where_the_data_says_so(run):
    text = export(run)

    def marks(unit: str) -> list[str]:
        card = text[text.index(f'data-unit="{unit}"') :]
        card = card[: card.index("</article>")]
        return re.findall(r'<li class="mark">([^<]*)</li>', card)

    assert marks("niebieska-linia") == ["free", "round the clock"]
    assert marks("116-111") == ["free", "round the clock"]
    assert marks("112") == ["free", "round the clock"]  # policja.pl
    assert marks("telefon-zaufania") == ["round the clock"]  # free or not: no page says
    assert marks("centrum-wsparcia-kryzys") == []  # neither is known
    assert marks("kasy") == []


def test_polish_under_lang_pl_and_by_default_rules(run):
    polish = run("--lang", "pl", "export", "html", now=NOW).out
    assert '<html lang="pl">' in polish
    assert '<h2 id="help-lines-h">Telefony pomocowe</h2>' in polish
    assert "<dt>adres</dt>" in polish
    assert '<html lang="pl">' in export(run, mops_lang="pl")
    english = export(run)
    assert '<html lang="en">' in english and "Help lines" in english


def test_the_same_data_and_clock_give_the_same_bytes(run, tmp_path):
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    run("export", "html", "--output", str(first), now=NOW)
    run("export", "html", "-o", str(second), now=NOW)
    assert first.read_bytes() == second.read_bytes()
    assert first.read_text(encoding="utf-8") == export(run)
    assert export(run, now="2026-12-01T09:00:00+01:00") != export(
        run, now="2026-12-02T09:00:00+01:00"
    )


def test_output_replaces_the_file_whole_and_leaves_no_temporary_file(run, tmp_path):
    target = tmp_path / "mops.html"
    target.write_text("old", encoding="utf-8")
    result = run("export", "html", "--output", str(target), now=NOW)
    assert (result.code, result.out) == (0, "")
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["mops.html"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "pdf"], "mops: error: unknown format 'pdf' (known: hsds, hsds-zip, ics, vcard, osm, html)"),
        (["export", "html", "--days", "0"], "mops: error: --days must be from 1 to 366"),
        (["export", "html", "--days", "367"], "mops: error: --days must be from 1 to 366"),
        (["export", "html", "--card", "offices"],
         "mops: error: unknown card 'offices' (known: help-lines)"),
        (["export", "html", "-o", "/nonexistent/dir/x.html"],
         "mops: error: cannot write /nonexistent/dir/x.html: No such file or directory"),
    ],
)  # fmt: skip
def test_errors_are_one_clear_line(run, args, message):
    result = run(*args, now=NOW)
    assert (result.code, result.out, result.err) == (2, "", message + "\n")


def _data(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="mops-data">(.*?)</script>', page, re.S)
    assert found
    return json.loads(found.group(1))


def test_the_page_knows_n_days_from_the_export_day(run):
    data = _data(export(run, "--days", "7"))
    # Minutes after local midnight of 1 December: 7 days of 1440 minutes, no clock change.
    assert data["end"] == 7 * 1440
    assert [d[2] for d in data["days"]] == [f"2026-12-0{d}" for d in range(1, 9)]
    kasy = data["s"][data["u"][1]]  # the file's second unit
    # Tuesday 1 December 10:00-14:00, Wednesday, Thursday, Friday, not the weekend, Monday.
    assert kasy["o"] == [600, 840, 2040, 2280, 3480, 3720, 4920, 5160, 9240, 9480]
    assert _data(export(run))["end"] == 60 * 1440


def test_a_clock_change_is_in_the_offsets(run):
    data = _data(export(run, "--days", "5", now="2027-03-27T12:00:00+01:00"))
    # 28 March 2027, 02:00 CET (01:00 UTC, 26 hours after 27 March 00:00) becomes 03:00 CEST;
    # that day has 23 hours.
    assert data["off"] == [[0, 60], [1440 + 120, 120]]
    assert [d[0] for d in data["days"]][:4] == [0, 1440, 2880 - 60, 4320 - 60]


def test_units_with_the_same_hours_share_one_schedule(run):
    data = _data(export(run))
    assert len(data["u"]) == 81
    assert len(data["s"]) == len(set(data["u"])) < 40


HOSTILE = (
    UNIT_HEAD.replace('name = "Biuro"', 'name = "<script>alert(1)</script>"').replace(
        'id = "biuro"', 'id = "biuro"\naliases = ["\\" onmouseover=\\"alert(2)"]'
    )
    + """address = "</script><script>alert(3)</script> & <!--"
notes = ["<img src=x onerror=alert(4)>", "\\" onmouseover=\\"alert(5)"]
links = ["https://example.org/\\"onclick=\\"alert(7)"]
emails = ["x\\"onclick=\\"alert(6)@example.org"]
keywords = ["</script>"]

[[units.hours]]
rrule = "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=1"
opens = "09:00"
closes = "10:00"
note = "</script><script>alert(8)</script>"
"""
)


def test_nothing_from_the_data_becomes_markup_or_script(run, write_data):
    text = export(run, mops_data=str(write_data(HOSTILE)))
    page = Page(text)
    assert [t for t, _a in page.tags].count("script") == 2  # the data block and the page's own
    assert "img" not in {t for t, _a in page.tags}
    assert not [a for _t, attrs in page.tags for a in attrs if a.startswith("on")]
    visible = "".join(page.text)
    assert "<script>alert(1)</script>" in visible
    assert "<img src=x onerror=alert(4)>" in visible
    assert '" onmouseover="alert(5)' in visible
    assert "javascript:" not in "".join(page.attrs("href"))
    assert page.attrs("href") == ['https://example.org/"onclick="alert(7)']  # one attribute value
    # The data block is JSON that parses back to the same strings and cannot end its element.
    data = _data(text)
    assert "</script><script>alert(8)</script>" in data["r"]
    assert "</" not in page.raw["script"][0]


def test_the_help_lines_card(run):
    page = Page(run("--lang", "pl", "export", "html", "--card", "help-lines", now=NOW).out)
    assert "script" not in {t for t, _a in page.tags}
    assert "script-src 'none'" in page.attrs("content")[0]
    names = [t for t in page.text if t.strip()]
    assert names[:3] == [
        "Telefony pomocowe – MOPS Wrocław",
        "Telefony pomocowe",
        "Numer alarmowy 112",
    ]
    text = "".join(page.text)
    assert "stan na 1 gru 2026" in text and "bezpłatny · całą dobę" in text
    assert "otwarte" not in text  # no state: it would go stale on paper


def test_the_wheel_ships_the_page_s_style_and_script(tmp_path, monkeypatch):
    import zipfile

    from conftest import ROOT
    from hatchling.build import build_wheel

    monkeypatch.chdir(ROOT)
    name = build_wheel(str(tmp_path))
    with zipfile.ZipFile(tmp_path / name) as wheel:
        for asset in ("html_page.css", "html_page.js", "html_card.css"):
            path = f"mops_cli/export/{asset}"
            assert wheel.read(path) == (ROOT / path).read_bytes()

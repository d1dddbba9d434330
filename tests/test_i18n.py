"""The Polish interface: every message translated, grammar kept, JSON unchanged."""

from __future__ import annotations

import gettext
import json

import pytest
from i18n_extract import messages

from mops_cli import catalogues, i18n

PO = i18n.LOCALE_DIR / "pl" / "LC_MESSAGES" / "mops.po"


def test_every_message_has_a_polish_translation():
    catalog = catalogues.read(PO)
    untranslated = [
        msgid
        for msgid, plural in messages().items()
        if (msgid if plural is None else f"{msgid}\0{plural}") not in catalog
    ]
    assert untranslated == []


def test_the_shipped_catalogue_is_compiled_from_the_po_file():
    """What gettext reads from the shipped .mo is what the .po says (compared as catalogues,
    not bytes: Babel's releases may lay the file out differently)."""
    with PO.with_suffix(".mo").open("rb") as file:
        shipped = gettext.GNUTranslations(file)._catalog  # type: ignore[attr-defined]
    read: dict[object, str] = {}
    for msgid, translation in catalogues.read(PO).items():
        if isinstance(translation, tuple):
            singular = msgid.split("\0")[0]
            read.update(((singular, n), form) for n, form in enumerate(translation))
        else:
            read[msgid] = translation
    header = shipped.pop("", None)
    assert header is not None
    assert shipped == read, "run: python -m mops_cli.catalogues"


@pytest.mark.parametrize(
    ("count", "form"),
    [
        (1, "minutę"),
        (2, "minuty"),
        (4, "minuty"),
        (5, "minut"),
        (12, "minut"),
        (22, "minuty"),
        (25, "minut"),
    ],
)
def test_polish_plural_forms(count, form):
    with i18n.language("pl"):
        text = i18n.ngettext("closes in {n} min, {when}", "closes in {n} min, {when}", count)
    assert text.format(n=count, when="o 12:00") == f"zamknięcie za {count} {form}, o 12:00"


@pytest.mark.parametrize(
    ("option", "environ", "expected"),
    [
        ("pl", {"MOPS_LANG": "en", "LANG": "en_US.UTF-8"}, "pl"),
        ("en", {"MOPS_LANG": "pl", "LANG": "pl_PL.UTF-8"}, "en"),
        (None, {"MOPS_LANG": "pl", "LANG": "en_US.UTF-8"}, "pl"),
        (None, {"LC_ALL": "pl_PL.UTF-8", "LANG": "en_US.UTF-8"}, "pl"),
        (None, {"LC_MESSAGES": "pl_PL", "LANG": "C"}, "pl"),
        (None, {"LANG": "pl_PL.UTF-8"}, "pl"),
        (None, {"LC_ALL": "C.UTF-8", "LANG": "pl_PL.UTF-8"}, "en"),  # LC_ALL wins
        (None, {"LANG": "de_DE.UTF-8"}, "en"),
        (None, {}, "en"),
    ],
)
def test_language_choice(option, environ, expected):
    assert i18n.choose(option, environ) == expected


# (args, now, English, Polish) on stdout
BOTH = [
    (
        ["open-now", "kasy"],
        "2026-12-24T10:00:00+01:00",
        "Kasy: closed (Christmas Eve), opens Mon 28 Dec at 10:00\n",
        "Kasy: zamknięte (Wigilia Bożego Narodzenia), otwarcie pon 28 gru o 10:00\n",
    ),
    (
        ["open-now", "kasy"],
        "2026-11-30T11:59:00+01:00",
        "Kasy: open, closes in 1 min, at 12:00 (ostatni dzień miesiąca)\n",
        "Kasy: otwarte, zamknięcie za 1 minutę, o 12:00 (ostatni dzień miesiąca)\n",
    ),
    (
        ["open-now", "kasy"],
        "2026-11-30T11:58:00+01:00",
        "Kasy: open, closes in 2 min, at 12:00 (ostatni dzień miesiąca)\n",
        "Kasy: otwarte, zamknięcie za 2 minuty, o 12:00 (ostatni dzień miesiąca)\n",
    ),
    (
        ["open-now", "kasy"],
        "2026-11-23T09:55:00+01:00",
        "Kasy: closed, opens in 5 min, at 10:00\n",
        "Kasy: zamknięte, otwarcie za 5 minut, o 10:00\n",
    ),
    (
        ["open-now", "kasy"],
        "2026-11-23T11:00:00+01:00",
        "Kasy: open, closes at 14:00\n",
        "Kasy: otwarte, zamknięcie o 14:00\n",
    ),
    (
        ["open-now", "dodatki"],
        "2026-11-23T11:00:00+01:00",
        "Dodatki Mieszkaniowe: hours unknown\n  Żadna z przeczytanych stron nie podaje godzin działu ani godzin jego telefonów (zob. uwagi: te same strony). Ogólne „Godziny otwarcia 7.30 – 15.30” z panelu MOPS nie mają dni tygodnia.\n",
        "Dodatki Mieszkaniowe: godziny nieznane\n  Żadna z przeczytanych stron nie podaje godzin działu ani godzin jego telefonów (zob. uwagi: te same strony). Ogólne „Godziny otwarcia 7.30 – 15.30” z panelu MOPS nie mają dni tygodnia.\n",
    ),
    (
        ["contacts", "dodatku", "mieszkaniowego"],
        "2026-11-23T11:00:00+01:00",
        "Dodatki Mieszkaniowe  [dodatki-mieszkaniowe]\nphone  71 782 23 46\nphone  71 782 23 48\n"
        "hours  unknown (Żadna z przeczytanych stron nie podaje godzin działu ani godzin\n"
        "       jego telefonów (zob. uwagi: te same strony). Ogólne „Godziny otwarcia\n"
        "       7.30 – 15.30” z panelu MOPS nie mają dni tygodnia.)\n"
        "note   Żadna z przeczytanych stron nie podaje adresu, piętra ani godzin\n"
        "       przyjmowania wniosków o dodatek mieszkaniowy – tylko dwa telefony\n"
        "       (przeczytane: panel „Podstawowe informacje” stron MOPS z lat 2020–2024,\n"
        "       BIP, strony MOPS o dodatku osłonowym i o dodatku do źródeł ciepła,\n"
        "       artykuł o opłatach za odpady).\n"
        "note   Wniosków o dodatek mieszkaniowy nie składa się w Zespołach Terenowej\n"
        "       Pracy Socjalnej (BIP, Struktura organizacyjna).\n",
        "Dodatki Mieszkaniowe  [dodatki-mieszkaniowe]\ntelefon  71 782 23 46\ntelefon  71 782 23 48\n"
        "godziny  nieznane (Żadna z przeczytanych stron nie podaje godzin działu ani\n"
        "         godzin jego telefonów (zob. uwagi: te same strony). Ogólne „Godziny\n"
        "         otwarcia 7.30 – 15.30” z panelu MOPS nie mają dni tygodnia.)\n"
        "uwaga    Żadna z przeczytanych stron nie podaje adresu, piętra ani godzin\n"
        "         przyjmowania wniosków o dodatek mieszkaniowy – tylko dwa telefony\n"
        "         (przeczytane: panel „Podstawowe informacje” stron MOPS z lat 2020–2024,\n"
        "         BIP, strony MOPS o dodatku osłonowym i o dodatku do źródeł ciepła,\n"
        "         artykuł o opłatach za odpady).\n"
        "uwaga    Wniosków o dodatek mieszkaniowy nie składa się w Zespołach Terenowej\n"
        "         Pracy Socjalnej (BIP, Struktura organizacyjna).\n",
    ),
    (
        ["contacts", "--plain", "Namysłowska", "karta"],
        "2026-11-23T11:00:00+01:00",
        "karta-rodzina-plus\tKarta Rodzina Plus i Karta Dużej Rodziny\t71 782 35 95,71 782 35 94\t\t"
        "ul. Namysłowska 8, Wrocław, Centrum Biznesu GRAFIT, Biuro Obsługi Klienta, parter\t"
        "Mon–Wed, Fri 08:00–15:00; Thu 08:00–16:30\topen\toffice\n",
        "karta-rodzina-plus\tKarta Rodzina Plus i Karta Dużej Rodziny\t71 782 35 95,71 782 35 94\t\t"
        "ul. Namysłowska 8, Wrocław, Centrum Biznesu GRAFIT, Biuro Obsługi Klienta, parter\t"
        "pon–śr, pt 08:00–15:00; czw 08:00–16:30\topen\toffice\n",
    ),
]


@pytest.mark.parametrize(("args", "now", "english", "polish"), BOTH)
def test_the_same_question_in_both_languages(run, args, now, english, polish):
    assert _card(run(*args, now=now).out, "sources:") == english
    assert _card(run("--lang", "pl", *args, now=now).out, "źródła:") == polish
    assert _card(run(*args, now=now, mops_lang="pl").out, "źródła:") == polish
    assert _card(run(*args, now=now, mops_lang="", lc_all="pl_PL.UTF-8").out, "źródła:") == polish


def _card(out: str, sources: str) -> str:
    """A single unit's card without its sources (they follow under their heading)."""
    head, found, _ = out.partition(f"\n{sources}\n")
    return head + "\n" if found else out


def test_the_week_in_polish(run):
    result = run("--lang", "pl", "hours", "kasy", now="2026-12-29T11:00:00+01:00")
    assert result.out.splitlines()[:6] == [
        "Kasy (osobiście), tydzień od pon 28 gru 2026",
        "                 10      12      14      16",
        "  pon 28 gru ·   ████████████████·   ·      10:00–14:00",
        "▶ wt 29 gru  ·   ████████████████·   ·      10:00–14:00",
        "  śr 30 gru  ·   ████████████████·   ·      10:00–14:00",
        "  czw 31 gru ·   ████████·   ·   ·   ·      10:00–12:00 (ostatni dzień miesiąca)",
    ]
    assert result.out.splitlines()[-4:] == [
        "Najbliższe 30 dni:",
        "czw 31 gru  10:00–12:00 (ostatni dzień miesiąca)",
        "pt 1 sty    święto: Nowy Rok",
        "śr 6 sty    święto: Święto Trzech Króli",
    ]


@pytest.mark.parametrize(
    ("args", "polish"),
    [
        (
            ["open-now", "kassy"],
            "mops: błąd: nie ma jednostki 'kassy'; czy chodzi o kasy? (zob. 'mops contacts')",
        ),
        (
            ["open-now", "dps"],
            "mops: błąd: 'dps' pasuje do kilku jednostek: dps-maczna, dps-redzinska, dps-karmelkowa, dps-kaletnicza; podaj więcej nazwy",
        ),
        (
            ["open-now", "kasy", "--at", "2027-03-28 02:30"],
            "mops: błąd: 2027-03-28 02:30 nie istnieje w strefie Europe/Warsaw: przy zmianie na czas letni zegar ją przeskakuje",
        ),
        (["lunch"], "mops: błąd: Nie ma polecenia 'lunch'. (zob. 'mops --help')"),
        (
            ["open-now", "--colour"],
            "mops: błąd: Nie ma opcji: --colour (zob. 'mops open-now --help')",
        ),
        (["--lang", "de", "contacts"], "mops: błąd: nieznany język 'de' (pl lub en)"),
    ],
)
def test_errors_in_polish(run, args, polish):
    result = run("--lang", "pl", *args)
    assert (result.code, result.err) == (2, polish + "\n")


def test_data_errors_in_polish(run, write_data):
    path = write_data(
        '[directory]\nname = "T"\n\n[[units]]\nid = "a"\nname = "A"\nsource = "s"\nparent = "b"\n'
    )
    result = run("--lang", "pl", "validate", "--data", str(path))
    assert result.out == f"{path}: błąd: a: parent: nieznana jednostka nadrzędna 'b'\n"
    assert result.err.endswith(f"\n{path}: 1 błąd, 0 ostrzeżeń\n")
    assert result.err.startswith("kalendarz świąt: holidays ")


COMMANDS = ["validate", "open-now", "contacts", "help-lines", "hours"]


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_screens_speak_polish(run, command):
    args = ["--lang", "pl", *([command] if command else []), "--help"]
    result = run(*args)
    assert result.code == 0
    english = [m for m, plural in messages().items() if plural is None and len(m.split()) > 2]
    leaks = [m for m in english if m.split("\n")[0] in result.out]
    assert leaks == []
    for word in ("Usage:", "Options:", "Commands:", "Arguments:", "Show this message"):
        assert word not in result.out
    assert "Użycie: mops" in result.out


@pytest.mark.parametrize(
    "args",
    [
        ["open-now", "--all", "--json"],
        ["contacts", "--json"],
        ["help-lines", "--json"],
        ["hours", "kasy", "--json"],
        ["hours", "--json"],
        ["validate", "--json"],
    ],
)
def test_json_is_the_same_in_both_languages(run, args):
    now = "2026-12-24T10:00:00+01:00"
    english, polish = run(*args, now=now), run("--lang", "pl", *args, now=now)
    assert english.out == polish.out
    json.loads(english.out)


@pytest.mark.parametrize("first", ["pl", "en"])
def test_a_patterns_problem_is_told_in_each_callers_language_whichever_asked_first(first):
    """The reasons a date pattern is refused are remembered (a file repeats its patterns), per
    language: a caller in one language never gets the reason worked out for another."""
    from mops_cli.hours import rrule_bounds
    from mops_cli.i18n import language
    from mops_cli.loader import check_rrule

    rrule = f"FREQ=DAILY;INTERVAL=0;X-ORDER={first}"  # a pattern no other test asked about
    expected = {
        "pl": "INTERVAL musi być liczbą całkowitą od 1 do 1000, a nie '0'",
        "en": "INTERVAL must be a whole number from 1 to 1000, not '0'",
    }
    for name in (first, "en" if first == "pl" else "pl", first):
        with language(name):
            assert rrule_bounds(rrule) == expected[name]
            problem = check_rrule(rrule, None, language=name)
            assert problem is not None and problem.endswith(": " + expected[name])

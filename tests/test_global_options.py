"""--data and --lang work before and after the command, with the same meaning; given on both
sides, the later one wins (as in gh and kubectl)."""

from __future__ import annotations

import pytest
from conftest import MINIMAL

NOW = "2026-11-23T10:00:00+01:00"  # a Monday: the test directory's biuro is open

# A directory of one office and one help line, unlike the shipped one.
LINE = '\n[[units]]\nid = "linia"\nname = "Linia"\ncategory = "helpline"\nsource = "t"\n'
# Sources as `mops validate` wants them (docs/data-format.md, "Sources").
DATED = "https://example.org/ (2026-11)"

# Each command, asked about the test directory: (arguments, exit code, what stdout starts with).
COMMANDS = [
    (["open-now", "biuro"], 0, "Biuro: open, closes at 16:00\n"),
    (["open-now", "biuro", "--json"], 0, '{\n  "unit": "biuro",'),
    (["contacts", "biuro", "--plain"], 0, "biuro\tBiuro\t"),
    (["help-lines", "--json"], 0, '[\n{"id": "linia", "name": "Linia"'),
    (["hours", "biuro", "--json"], 0, '{\n  "unit": "biuro",'),
    (["validate"], 0, ""),
]


@pytest.fixture
def directory(write_data):
    return str(
        write_data((MINIMAL + LINE).replace('"test"', f'"{DATED}"').replace('"t"', f'"{DATED}"'))
    )


@pytest.mark.parametrize(
    ("args", "code", "start"), COMMANDS, ids=lambda v: " ".join(v) if isinstance(v, list) else ""
)
def test_data_after_the_command_means_the_same_as_before(run, directory, args, code, start):
    before = run("--data", directory, *args, now=NOW)
    after = run(*args, "--data", directory, now=NOW)
    between = run(args[0], "--data", directory, *args[1:], now=NOW)
    assert (after.code, after.out[: len(start)]) == (code, start)
    assert (after.code, after.out, after.err) == (before.code, before.out, before.err)
    assert (between.code, between.out, between.err) == (before.code, before.out, before.err)


@pytest.mark.parametrize(
    ("args", "code", "start"), COMMANDS, ids=lambda v: " ".join(v) if isinstance(v, list) else ""
)
def test_data_after_the_command_wins_over_the_one_before(run, directory, args, code, start):
    result = run("--data", "/nonexistent/offices.toml", *args, "--data", directory, now=NOW)
    assert (result.code, result.out[: len(start)]) == (code, start)
    result = run("--data", directory, *args, "--data", "/nonexistent/offices.toml", now=NOW)
    assert result.code == 2
    assert "/nonexistent/offices.toml" in result.err


@pytest.mark.parametrize(
    ("args", "polish"),
    [
        (["open-now", "kasy"], "Kasy: otwarte, zamknięcie o 14:00\n"),
        (["contacts", "kasy"], "\ngodziny "),
        (["help-lines"], "otwarte całą dobę"),
        (["hours", "kasy"], "tydzień od pon 23 lis 2026"),
        (["validate"], "ostrzeżenie"),
    ],
)
def test_lang_after_the_command_translates_its_output(run, args, polish):
    before = run("--lang", "pl", *args)
    after = run(*args, "--lang", "pl")
    assert polish in after.out + after.err
    assert (after.code, after.out, after.err) == (before.code, before.out, before.err)
    assert polish not in run(*args).out  # English otherwise
    # The later --lang wins.
    assert run("--lang", "en", *args, "--lang", "pl").out == after.out
    assert run("--lang", "pl", *args, "--lang=en").out == run(*args).out


@pytest.mark.parametrize("command", ["open-now", "contacts", "help-lines", "hours", "validate"])
def test_lang_after_the_command_translates_its_help_screen(run, command):
    result = run(command, "--help", "--lang", "pl")
    assert result.code == 0
    assert result.out.startswith(f"Użycie: mops {command}")
    assert "Opcje:" in result.out and "--data PATH" in result.out and "--lang pl|en" in result.out
    assert "Pokazuje tę pomoc i kończy." in result.out


@pytest.mark.parametrize("command", ["open-now", "contacts", "help-lines", "hours", "validate"])
def test_lang_after_the_command_translates_errors(run, command):
    result = run(command, "--nope", "--lang", "pl")
    assert result.code == 2
    assert result.err == f"mops: błąd: Nie ma opcji: --nope (zob. 'mops {command} --help')\n"


@pytest.mark.parametrize("where", ["before", "after"])
def test_an_unknown_language_is_an_error_on_either_side(run, where):
    args = (
        ["--lang", "xx", "open-now", "kasy"]
        if where == "before"
        else ["open-now", "kasy", "--lang", "xx"]
    )
    result = run(*args)
    assert (result.code, result.out) == (2, "")
    assert result.err == "mops: error: unknown language 'xx' (use pl or en)\n"


def test_validate_keeps_its_own_data_option(run, directory):
    result = run("validate", "--help")
    options = result.out.split("Options:")[1].split("Examples:")[0]
    assert options.count("--data") == 1
    assert "Directory file to check." in result.out
    assert run("validate", "--data", directory).err.endswith(
        f"\n{directory}: 0 errors, 3 warnings\n"  # never verified, two Saturday holidays
    )

"""Property: whatever the shipped directory is mutated into, and whatever is asked of it, `mops`
answers, or fails with exactly one line on stderr; its exit status is 0 to 3; no control or
bidi character from the data reaches any output; and it answers within a hang guard."""

from __future__ import annotations

import functools
import io
import json
import re
import threading
from datetime import date

from conftest import DATA
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from mops_cli import cli
from mops_cli.session import Environment

SHIPPED = DATA.read_text(encoding="utf-8")
LINES = SHIPPED.splitlines()
HANG_GUARD = 60.0  # seconds: far beyond any answer; only a hang reaches it
NOW = "2026-11-23T10:00:00+01:00"

# Raw control characters (the newline ending a line and the tab of --plain aside) and bidirectional controls.
RAW_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)

HOSTILE_TEXT = st.sampled_from(
    [
        "\u001b]0;owned\u0007",
        "\u2066",
        "\u202e",
        "\n",
        "mops: error: forged",
        "\u009b1m",
        "\r",
        "\u0000",
        "[bold]x[/]",
        "\u061c",
    ]
)
RRULE = st.builds(
    lambda freq, month, monthday, day, extra: ";".join(
        part for part in (f"FREQ={freq}", month, monthday, day, extra) if part
    ),
    st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY", "HOURLY", "FORTNIGHTLY"]),
    st.sampled_from(["", "BYMONTH=2", "BYMONTH=4,6", "BYMONTH=13", "BYMONTH=1"]),
    st.sampled_from(
        ["", "BYMONTHDAY=30", "BYMONTHDAY=31", "BYMONTHDAY=-1", "BYMONTHDAY=29", "BYMONTHDAY=0"]
    ),
    st.sampled_from(["", "BYDAY=MO", "BYDAY=1FR", "BYDAY=-1SU", "BYDAY=53MO"]),
    st.sampled_from(
        [
            "",
            "INTERVAL=2",
            "COUNT=3",
            "UNTIL=20200101",
            "BYYEARDAY=366",
            "BYWEEKNO=53",
            "BYSETPOS=-1",
            "BYEASTER=0",
            "X=1",
        ]
    ),
)
VALUES = st.one_of(
    st.builds(
        lambda text: '"' + text.encode("unicode_escape").decode().replace('"', '\\"') + '"',
        st.text(max_size=6) | HOSTILE_TEXT,
    ),
    st.builds(lambda rule: f'"{rule}"', RRULE),
    st.sampled_from(
        [
            '"US"',
            '"Europe"',
            '"zone1970.tab"',
            '"XX"',
            '"pl"',
            '"26:00"',
            '"24:00"',
            '"00:00"',
            "0001-01-01",
            "9999-12-31",
            "2026-02-29",
            '"9999-12-31"',
            "1" * 5000,
            "-0",
            "inf",
            "nan",
            "[" * 50 + "]" * 50,
            "{}",
            "[]",
            "true",
            "1979-05-27T07:32:00Z",
            '"mo-su"',
            '"su-mo"',
            '"+48 71 782 23 22"',
            '"112"',
            '"300 do 03"',
            "3.14",
        ]
    ),
)
KEYS = st.sampled_from(
    ["id", "name", "timezone", "holidays", "rrule", "opens", "closes", "days", "valid_from",
     "valid_to", "date", "from", "to", "reason", "channel", "number", "kind", "closed",
     "category", "aliases", "parent", "\"k\\u001b[2J\"", "\"a\\nmops: error: x\"", "\"\\u2066\""]
)  # fmt: skip


@st.composite
def mutated_files(draw) -> str:
    """The shipped file with a few lines replaced, added or removed."""
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["value", "value", "insert", "delete", "chars"]))
        line = lines[index]
        if action == "value" and " = " in line:
            lines[index] = line.split(" = ", 1)[0] + " = " + draw(VALUES)
        elif action == "insert":
            lines.insert(index, f"{draw(KEYS)} = {draw(VALUES)}")
        elif action == "delete":
            del lines[index]
        else:
            position = draw(st.integers(0, len(line)))
            lines[index] = (
                line[:position] + draw(HOSTILE_TEXT | st.text(max_size=3)) + line[position:]
            )
    return "\n".join(lines) + "\n"


WHEN = st.sampled_from(
    ["2026-11-30 11:30", "0001-01-01 00:00", "9999-12-31 23:59", "2100-12-31 23:59", "1900-01-01",
     "mon 11:30", "jutro 9:00", "25:00", "2027-03-28 02:30", "\u001b[2J", "x\ny", "9999-12-31T23:59:59-14:00"]
)  # fmt: skip
COMMANDS = st.one_of(
    st.just(["validate"]),
    st.just(["validate", "--json"]),
    st.builds(lambda w: ["open-now", "kasy", "--at", w], WHEN),
    st.builds(lambda w: ["open-now", "--all", "--json", "--at", w], WHEN),
    st.just(["contacts", "kasy"]),
    st.just(["contacts", "--plain"]),
    st.builds(lambda w: ["help-lines", "--at", w], WHEN),
    st.builds(lambda w: ["hours", "kasy", "--week", w], WHEN),
    st.just(["hours", "--json"]),
)
NOWS = st.sampled_from(
    [
        NOW,
        NOW,
        "9999-12-31T23:59:59+00:00",
        "0001-01-01T00:00:00+00:00",
        "2100-12-31T23:00:00+00:00",
    ]
)


def run_guarded(args: list[str], environ: dict[str, str]) -> tuple[int, str, str]:
    """`mops ARGS` in this process, in a thread that must end within HANG_GUARD."""
    out, err = io.StringIO(), io.StringIO()
    env = Environment(environ=environ, stdin=None, stdout=out, stderr=err)
    codes: list[object] = []

    def target() -> None:
        codes.append(int(cli.main(args, env)))

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(HANG_GUARD)
    assert not thread.is_alive(), f"mops {args} did not answer within {HANG_GUARD} s"
    assert len(codes) == 1, err.getvalue()
    code = codes[0]
    return (code if isinstance(code, int) else 0), out.getvalue(), err.getvalue()


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text=mutated_files(), command=COMMANDS, now=NOWS, cached=st.booleans())
def test_any_mutation_of_the_directory_is_answered_or_refused_in_one_line(
    tmp_path_factory, text, command, now, cached
):
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "offices.toml"
    path.write_text(text, encoding="utf-8")
    environ = {
        "MOPS_NOW": now,
        "MOPS_LANG": "en",
        "MOPS_CACHE_DIR": str(folder / "cache") if cached else "",
        "MOPS_CACHE_SYNC": "1",
        "COLUMNS": "80",
    }
    code, out, err = run_guarded(["--data", str(path), *command], environ)
    event(f"exit {code}")
    assert code in (0, 1, 2, 3), (code, err)
    assert "internal error" not in err, err
    lines = err.splitlines()
    if code == 2:
        assert len(lines) == 1 and lines[0].startswith("mops: error: "), err
    else:
        # An answer says at most one thing on stderr (validate: its summary, after the line
        # that names the holiday calendar).
        if command[0] == "validate" and "--json" not in command:
            assert lines[0].startswith("holiday calendar: holidays "), err
            lines = lines[1:]
        assert len(lines) <= 1, err
    assert not RAW_CONTROL.search(out + err), repr(out + err)
    if cached:
        assert not list((folder / "cache").glob(".tmp-*"))


# -- issue 23: question lines for `mops ask`, and date patterns for the loader ------------------------

JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(st.characters(codec=None), max_size=12),  # lone surrogates included
    st.sampled_from(
        ["kasy", "open-now", "contacts", "help-lines", "hours", "validate", "x" * 1001]
    ),
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)
QUESTIONS = st.fixed_dictionaries(
    {"cmd": st.sampled_from(["open-now", "contacts", "help-lines", "hours", "validate", "?"])},
    optional={
        "id": JSON_VALUES,
        "unit": JSON_SCALARS,
        "query": JSON_VALUES,
        "at": st.sampled_from(["2026-11-30 11:30", "jutro 9", "25:00", "\udcff", ""])
        | JSON_SCALARS,
        "all": JSON_SCALARS,
        "for": JSON_SCALARS,
        "strict": JSON_SCALARS,
        "week": JSON_SCALARS,
        "channel": JSON_SCALARS,
    },
)


def _encoded(value: object) -> bytes:
    """As a careless client writes it: NaN and Infinity as Python's json does, lone
    surrogates escaped or raw."""
    text = json.dumps(value, ensure_ascii=False, allow_nan=True)
    return text.encode("utf-8", "surrogatepass")


QUESTION_LINES = st.one_of(
    st.builds(_encoded, QUESTIONS),
    st.builds(_encoded, JSON_VALUES),
    st.binary(max_size=40).map(lambda b: b.replace(b"\n", b" ")),
    st.integers(1, 5000).map(lambda depth: b"[" * depth + b"]" * depth),
    st.integers(1, 5000).map(lambda depth: b'{"a":' * depth + b"1" + b"}" * depth),
)


@functools.cache
def _ask_session():
    from mops_cli.session import Environment, Session

    session = Session(DATA, Environment({"MOPS_NOW": NOW, "MOPS_CACHE_DIR": ""}))
    session.machine = True
    session.settings  # noqa: B018
    return session


def _strict_json(line: str) -> object:
    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in {line!r}")

    line.encode("utf-8")  # a lone surrogate cannot be written as UTF-8
    return json.loads(line, parse_constant=refuse)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(QUESTION_LINES, min_size=1, max_size=6))
def test_every_question_line_gets_exactly_one_strict_json_answer(lines):
    from mops_cli.i18n import language
    from mops_cli.questions import answer_stream, read_lines

    stream = io.BytesIO(b"".join(line + b"\n" for line in lines))
    out: list[str] = []
    done: list[object] = []

    def target() -> None:
        with language("en"):
            done.append(answer_stream(_ask_session(), read_lines(stream), out.append))

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(HANG_GUARD)
    assert not thread.is_alive(), f"no answer within {HANG_GUARD} s: {lines!r}"
    assert done, "the run ended without a status"
    asked = [line for line in lines if line.strip()]
    assert len(out) == len(asked)
    for written in out:
        assert written.endswith("\n") and written.count("\n") == 1
        reply = _strict_json(written)
        assert isinstance(reply, dict) and reply["exit"] in (0, 1, 2, 3)
        assert "internal error" not in str(reply.get("error", "")), reply
        event("error" if "error" in reply else "answer")


RRULE_PARTS = st.lists(
    st.one_of(
        st.builds(lambda v: f"FREQ={v}", st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY", "HOURLY", ""])),
        st.builds(lambda v: f"INTERVAL={v}", st.integers(-3, 10**7) | st.just("x")),
        st.builds(lambda v: f"COUNT={v}", st.integers(-3, 10**9)),
        st.builds(lambda v: f"UNTIL={v:08d}", st.integers(0, 99991231)),
        st.builds(lambda v: f"BYMONTH={v}", st.integers(-13, 14)),
        st.builds(lambda v: f"BYMONTHDAY={v}", st.integers(-40, 40)),
        st.builds(lambda v: f"BYYEARDAY={v}", st.integers(-400, 400)),
        st.builds(lambda v: f"BYWEEKNO={v}", st.integers(-60, 60)),
        st.builds(lambda v: f"BYSETPOS={v}", st.integers(-400, 400)),
        st.builds(lambda n, d: f"BYDAY={n}{d}", st.sampled_from(["", "1", "-1", "5", "53", "99", "+"]),
                  st.sampled_from(["MO", "SU", "XX"])),
        st.sampled_from(["WKST=MO", "WKST=XX", "BYHOUR=8", "BYEASTER=0", "X=1", "", "=", "FREQ"]),
    ),
    min_size=1,
    max_size=5,
)  # fmt: skip
RULE_DATES = st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    parts=RRULE_PARTS,
    valid_from=RULE_DATES,
    valid_to=RULE_DATES,
    closed=st.booleans(),
    command=st.sampled_from([["validate"], ["open-now", "biuro"], ["hours", "biuro"], ["hours", "--json"]]),
)  # fmt: skip
def test_any_date_pattern_is_answered_or_refused_within_the_guard(
    tmp_path_factory, parts, valid_from, valid_to, closed, command
):
    from conftest import MINIMAL

    rule = ";".join(parts)
    lines = [f'rrule = "{rule}"']
    lines += [f"valid_from = {valid_from}"] if valid_from else []
    lines += [f"valid_to = {valid_to}"] if valid_to else []
    lines += ["closed = true"] if closed else ['opens = "09:00"', 'closes = "10:00"']
    folder = tmp_path_factory.mktemp("rules")
    path = folder / "offices.toml"
    path.write_text(MINIMAL + "\n[[units.hours]]\n" + "\n".join(lines) + "\n", encoding="utf-8")
    environ = {"MOPS_NOW": NOW, "MOPS_LANG": "en", "MOPS_CACHE_DIR": "", "COLUMNS": "80"}
    code, _out, err = run_guarded(["--data", str(path), *command], environ)
    event(f"exit {code}")
    assert code in (0, 1, 2, 3), (code, err)
    assert "internal error" not in err, err

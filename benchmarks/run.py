"""Measure every performance target of `mops` against a minimal Typer app, in one run.

    python benchmarks/run.py            # the full table (10,000-unit directory), exit 1 on a miss
    python benchmarks/run.py --smoke    # tiny sizes, one repetition: CI keeps this working

Whole processes are timed, as a user or a script meets them; each `mops` measurement is paired
with a run of the minimal Typer app (benchmarks/minimal_app.py) in the same loop, so the ratios
hold on a faster or slower machine. Times are medians over the repetitions, with the spread
(lowest to highest). Processes run as an installed package normally does: with bytecode cached,
after warm-up runs, and with the directory cache warm unless the row says cold.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import directory as synthetic_directory  # noqa: E402

NOW = "2026-11-23T10:00:00+01:00"  # a Monday morning: the cash desks are open
# What a caller of a national directory says: the service and the town.
QUERY = ["dodatek", "mieszkaniowy", "Wrocław"]


@dataclass
class Row:
    what: str
    target: str
    measured: str
    met: bool


def mops_command() -> list[str]:
    script = Path(sys.executable).parent / "mops"
    if script.exists():
        return [str(script)]
    found = shutil.which("mops")
    return [found] if found else [sys.executable, "-m", "mops_cli"]


def wall(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
    )
    return time.perf_counter() - start


def cpu(command: list[str], env: dict[str, str]) -> float:
    """The processor time (user and system) a process took: unlike its wall time, next to
    nothing of it is another process's on a busy machine."""
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, _, usage = os.wait4(process.pid, 0)
    process.returncode = 0
    return usage.ru_utime + usage.ru_stime


def peak_memory_mib(command: list[str], env: dict[str, str]) -> float:
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, _, usage = os.wait4(process.pid, 0)
    process.returncode = 0
    return usage.ru_maxrss / 1024  # KiB on Linux


def paired(
    a: list[str],
    b: list[str],
    env: dict[str, str],
    repeats: int,
    env_b: dict[str, str] | None = None,
    measure: Callable[[list[str], dict[str, str]], float] = wall,
) -> tuple[list[float], list[float]]:
    """Alternate runs of two commands, so both see the same machine."""
    first, second = [], []
    for _ in range(repeats):
        first.append(measure(a, env))
        second.append(measure(b, env_b or env))
    return first, second


def wait_for_cache(folder: Path, files: int, limit: float = 20.0) -> None:
    """Until `files` directory caches exist (or `limit` seconds pass), so that a background
    build does not run beside the next measurement."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and len(list(folder.glob("directory-*.sqlite"))) < files:
        time.sleep(0.1)
    time.sleep(0.2)


def describe(times: list[float]) -> str:
    return f"{statistics.median(times) * 1000:.0f} ms ({min(times) * 1000:.0f}–{max(times) * 1000:.0f})"


def ratio_row(what: str, limit: float, mine: list[float], base: list[float]) -> Row:
    """The median of the per-pair ratios: each pair ran back to back, so a slow moment of a
    shared machine slows both sides of it and cancels out."""
    ratio = statistics.median(m / b for m, b in zip(mine, base, strict=True))
    return Row(
        what,
        f"≤ {limit:.2f} ×",
        f"{ratio:.2f} × ({describe(mine)} vs {describe(base)})",
        ratio <= limit,
    )


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import typer

    return (
        f"{cpu}, {os.cpu_count()} cores; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; Typer {typer.__version__}"
    )


def _shipped_ids() -> list[str]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib

    data = tomllib.loads((HERE.parent / "data" / "offices.toml").read_text(encoding="utf-8"))
    return [unit["id"] for unit in data["units"]]


def _phrasings() -> list[str]:
    """What callers say (tests/caller_phrasings.py: 142 phrasings), for contacts questions."""
    sys.path.insert(0, str(HERE.parent / "tests"))
    from caller_phrasings import PHRASINGS

    return [phrase for phrase, _ in PHRASINGS]


def _question(kind: str, i: int, ids: list[str], phrases: list[str]) -> dict[str, object]:
    """The i-th question of a kind: each at its own time, over every unit or phrasing."""
    at = f"2026-12-{1 + i % 28:02d} {(i * 5) % 24:02d}:{(i * 7) % 60:02d}"
    if kind == "open-now":
        return {"cmd": "open-now", "unit": ids[i % len(ids)], "at": at}
    if kind == "contacts":
        return {"cmd": "contacts", "query": phrases[i % len(phrases)]}
    if kind == "help-lines":
        return {"cmd": "help-lines", "at": at}
    return {"cmd": "hours", "unit": ids[i % len(ids)], "week": at[:10]}


# The mix of a morning's script: 60 % open-now, 25 % contacts, 15 % help-lines.
MIX = ("open-now",) * 12 + ("contacts",) * 5 + ("help-lines",) * 3
KINDS = ("open-now", "contacts", "help-lines", "hours")


def questions(count: int, kinds: tuple[str, ...] = MIX) -> str:
    """`count` questions as JSON lines, the kinds taken in turn from `kinds`."""
    ids, phrases = _shipped_ids(), _phrasings()
    asked = [{"id": i, **_question(kinds[i % len(kinds)], i, ids, phrases)} for i in range(count)]
    lines = [json.dumps(question, ensure_ascii=False) for question in asked]
    return "\n".join(lines) + "\n"


API_LOOP = """
import json, sys
from mops_cli import Directory
directory = Directory.load()
for line in open(sys.argv[1], encoding="utf-8"):
    json.dumps(directory.ask({k: v for k, v in json.loads(line).items() if k != "id"}).to_json())
"""


def batch_rows(
    mops: list[str], env: dict[str, str], work: Path, repeats: int, smoke: bool
) -> list[Row]:
    """`mops ask` and the Python API against one single-command process."""
    count = 100 if smoke else 1_000
    batch = work / "questions.jsonl"
    batch.write_text(questions(count), encoding="utf-8")
    single = [*mops, "open-now", "kasy", "--json"]
    ask = [*mops, "ask", "--input", str(batch)]
    api = [sys.executable, "-c", API_LOOP, str(batch)]
    rows = []
    one, many = paired(single, ask, env, repeats)
    rows.append(
        ratio_row(
            f"{count:,} questions through one `mops ask` vs one `mops open-now kasy --json`",
            3.0,
            many,
            one,
        )
    )
    one, many = paired(single, api, env, repeats)
    rows.append(
        ratio_row(
            f"{count:,} questions through the Python API (one process) vs the same", 3.0, many, one
        )
    )
    for kind in KINDS:
        only = work / f"questions-{kind}.jsonl"
        only.write_text(questions(count, (kind,)), encoding="utf-8")
        one, many = paired(single, [*mops, "ask", "--input", str(only)], env, repeats, None, cpu)
        cost = statistics.median(m - o for m, o in zip(many, one, strict=True)) / count
        rows.append(
            Row(
                f"one `{kind}` question in a long `mops ask` ({count:,} of them, each different)",
                "≤ 0.50 ms of processor time beyond start-up",
                f"{cost * 1000:.2f} ms",
                cost <= 0.0005,
            )
        )
    longer = work / "questions-long.jsonl"
    longer.write_text(questions(count * 20), encoding="utf-8")
    short_peak = max(peak_memory_mib(ask, env) for _ in range(2))
    long_peak = max(peak_memory_mib([*mops, "ask", "--input", str(longer)], env) for _ in range(2))
    rows.append(
        Row(
            f"`mops ask` peak memory, {count * 20:,} vs {count:,} questions",
            "flat: ≤ +5 MiB",
            f"{long_peak:.0f} MiB vs {short_peak:.0f} MiB",
            long_peak - short_peak <= 5,
        )
    )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--smoke", action="store_true", help="tiny sizes, one repetition, never fails"
    )
    parser.add_argument("--repeats", type=int, default=21)
    args = parser.parse_args()
    size = 100 if args.smoke else 10_000
    repeats = 1 if args.smoke else args.repeats
    cold_repeats = 1 if args.smoke else 3

    work = Path(tempfile.mkdtemp(prefix="mops-bench-"))
    large = work / f"offices-{size}.toml"
    large.write_text(synthetic_directory(size), encoding="utf-8")
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONDONTWRITEBYTECODE", "MOPS_DATA", "MOPS_DEBUG")
    }
    env.update(MOPS_CACHE_DIR=str(work / "cache"), MOPS_NOW=NOW, COLUMNS="80")
    mops = mops_command()
    minimal = [sys.executable, str(HERE / "minimal_app.py")]
    completion_env = {
        **env,
        "_MOPS_COMPLETE": "complete_bash",
        "COMP_WORDS": "mops open-now ka",
        "COMP_CWORD": "2",
    }
    on_large = [*mops, "--data", str(large)]

    # Warm up: bytecode, the directory caches, the page cache.
    for command in (
        minimal,
        [*mops, "open-now", "kasy", "--json"],
        [*on_large, "open-now", "kasy", "--json"],
    ):
        for _ in range(2):
            wall(command, env)

    rows: list[Row] = []
    base, mine = paired(minimal, [*mops, "open-now", "kasy", "--json"], env, repeats)
    rows.append(ratio_row("`mops open-now kasy --json` (shipped data)", 1.10, mine, base))
    base, mine = paired(minimal, [*mops, "open-now", "kasy"], env, repeats)
    rows.append(ratio_row("`mops open-now kasy` (human output, Rich)", 1.30, mine, base))
    base, mine = paired(minimal, mops, env, repeats, env_b=completion_env)
    rows.append(ratio_row("shell completion of a unit id", 1.10, mine, base))
    shipped, large_times = paired(
        [*mops, "contacts", "--json", *QUERY],
        [*on_large, "contacts", "--json", *QUERY],
        env,
        repeats,
    )
    rows.append(
        ratio_row(
            f"`mops contacts {' '.join(QUERY)} --json`, {size:,} units vs shipped, warm",
            1.30,
            large_times,
            shipped,
        )
    )

    cold = []
    caches = len(list((work / "cache").glob("directory-*.sqlite")))
    for attempt in range(cold_repeats):
        with large.open("a", encoding="utf-8") as handle:
            handle.write(f"# edit {attempt}\n")  # same size class, new content: a new cache
        cold.append(wall([*on_large, "open-now", "kasy", "--json"], env))
        wait_for_cache(work / "cache", caches + attempt + 1)  # written after the answer
    rows.append(
        Row(
            f"first run after the {size:,}-unit file changed (cold)",
            "≤ 2.5 s",
            describe(cold),
            statistics.median(cold) <= 2.5,
        )
    )

    startup, everything = paired(
        [*on_large, "open-now", "kasy", "--json"],
        [*on_large, "open-now", "--all", "--json"],
        env,
        repeats,
    )
    extra = statistics.median(everything) - statistics.median(startup)
    rate = (size - 1) / extra if extra > 0 else float("inf")
    rows.append(
        Row(
            f"`mops open-now --all --json`, {size:,} units",
            "≥ 50,000 units/s beyond start-up",
            f"{rate:,.0f} units/s ({describe(everything)} vs {describe(startup)} for one unit)",
            rate >= 50_000,
        )
    )

    memory = max(peak_memory_mib([*on_large, "contacts", "--json", *QUERY], env) for _ in range(3))
    rows.append(
        Row(f"peak memory, {size:,}-unit query", "≤ 120 MiB", f"{memory:.0f} MiB", memory <= 120)
    )

    rows += batch_rows(mops, env, work, repeats, args.smoke)

    print(f"Machine: {machine()}")
    print(
        f"Runs: {repeats} per row{' (smoke mode)' if args.smoke else ''}; median (lowest–highest).\n"
    )
    print("| what | target | measured | verdict |")
    print("|---|---|---|---|")
    for row in rows:
        print(f"| {row.what} | {row.target} | {row.measured} | {'met' if row.met else 'MISSED'} |")
    shutil.rmtree(work, ignore_errors=True)
    if args.smoke:
        return 0
    return 0 if all(row.met for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())

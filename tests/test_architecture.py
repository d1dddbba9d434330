"""The layers of docs/architecture.md, enforced: who may import whom.

Every import counts, the ones inside functions too (the program imports lazily for start-up
time, which hides a wrong dependency from a glance at the top of a file). A module this table
does not place fails the test: a new module is placed on purpose, in docs/architecture.md and
here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "mops_cli"

# Lower layers first; a module may import its own layer and the layers below it.
LAYERS: dict[str, tuple[str, ...]] = {
    "foundation": ("errors", "text", "i18n", "model", "__version__"),
    "core": (
        "phones", "hours", "when", "datafile", "week", "search", "loader", "sources",
        "validate", "review", "diff", "present", "upkeep", "cache", "places",
    ),
    "session": ("session",),
    "answers": ("answers", "questions"),
    "formats": ("export",),  # the package and each of its modules
    "faces": ("cli", "cli_click", "render", "api", "__main__", "__init__", "catalogues"),
}  # fmt: skip
RANK = {module: rank for rank, names in enumerate(LAYERS.values()) for module in names}

# What the faces (the CLI and the Python API) may use: the answers and the documented names
# around them, never the engine, the loader, the cache or the search index directly.
FACE_USES = {
    "answers", "questions", "session", "errors", "i18n", "model", "text", "present", "upkeep",
    "render", "export", "cli", "cli_click", "__init__", "__version__",
}  # fmt: skip
RICH_USERS = {"render"}
TYPER_USERS = {"cli", "cli_click"}


def _name(path: Path) -> str:
    """`export` for every module of the export package, else the module's own name."""
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def _imports(path: Path) -> set[str]:
    """Top-level names this module imports: `hours` for mops_cli.hours, `rich` for rich.table."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            parts = node.module.split(".")
            if parts[0] != "mops_cli":
                found.add(parts[0])
            elif len(parts) > 1:
                found.add(parts[1])
            else:  # `from mops_cli import x`: a module, or a name of the package itself
                found.update(_package_name(a.name) for a in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                found.add(parts[1] if parts[0] == "mops_cli" and len(parts) > 1 else parts[0])
    return found


# The package's identity, which anything may read: the version (cache keys, `--version`) and
# the holiday library's name and release beside it.
IDENTITY = {"__version__", "holiday_calendar"}


def _package_name(name: str) -> str:
    if name in IDENTITY:
        return "__version__"
    return name if name in RANK or (PACKAGE / name).is_dir() else "__init__"


MODULES = sorted(PACKAGE.rglob("*.py"))
GRAPH = {path: _imports(path) for path in MODULES}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_module_has_a_layer(path: Path) -> None:
    assert _name(path) in RANK, f"place {_name(path)} in a layer (docs/architecture.md)"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_go_down_the_layers(path: Path) -> None:
    name = _name(path)
    ours = {imported for imported in GRAPH[path] if imported in RANK and imported != name}
    upward = sorted(m for m in ours if RANK[m] > RANK[name])
    assert not upward, f"{name} ({_layer(name)}) imports a higher layer: {upward}"
    if name in {"cli", "cli_click", "api", "__main__"}:
        assert ours <= FACE_USES, f"{name} reaches below the answers: {sorted(ours - FACE_USES)}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_the_faces_import_typer_and_rich(path: Path) -> None:
    name = _name(path)
    if name not in RICH_USERS:
        assert "rich" not in GRAPH[path], f"{name} imports Rich"
    if name not in TYPER_USERS:
        assert not {"typer", "click"} & GRAPH[path], f"{name} imports Typer or Click"


def test_no_import_cycles_between_modules() -> None:
    edges: dict[str, set[str]] = {}
    for path, imported in GRAPH.items():
        name = _name(path)
        edges.setdefault(name, set()).update(m for m in imported if m in RANK and m != name)
    # __init__'s lazy names (Directory, answers' types) point up on purpose: it is the API's
    # front door, and nothing below imports it but for the version string.
    edges.pop("__init__", None)
    seen: dict[str, int] = {}  # 1 on the current path, 2 done

    def visit(module: str, trail: list[str]) -> None:
        seen[module] = 1
        for nxt in sorted(edges.get(module, ())):
            assert seen.get(nxt) != 1, "import cycle: " + " -> ".join([*trail, module, nxt])
            if nxt not in seen:
                visit(nxt, [*trail, module])
        seen[module] = 2

    for module in sorted(edges):
        if module not in seen:
            visit(module, [])


def _layer(name: str) -> str:
    return next(layer for layer, names in LAYERS.items() if name in names)


def test_the_architecture_document_names_every_layer_and_module() -> None:
    document = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    for layer, names in LAYERS.items():
        assert f"**{layer}**" in document
        for name in names:
            assert f"`{name}" in document, name


def _calls(path: Path) -> list[tuple[int, str]]:
    """(line, name) of every call in the module: `print` for print(...), `write` for x.write()."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            found.append((node.lineno, name))
    return found


def test_the_commands_never_print() -> None:
    """cli.py parses and asks; render.py writes (docs/architecture.md, "faces")."""
    path = PACKAGE / "cli.py"
    assert "rich" not in GRAPH[path]
    writes = [(line, name) for line, name in _calls(path)
              if name in {"print", "echo", "secho", "write", "flush"}]  # fmt: skip
    assert not writes, f"cli.py writes: {writes} (render.py's job)"


# Where the process itself may be read (its variables, its standard streams, whether they are
# terminals): the Environment, and the entry point that builds it. cache.py flushes the
# process's buffers before it forks the cache's builder, so that the child does not write
# them twice: a matter of the process, not of a run.
PROCESS_READERS = {"session", "__main__"}
PROCESS_READS_ALLOWED = {("cache", "sys.stdout"), ("cache", "sys.stderr")}


def _process_reads(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            dotted = f"{node.value.id}.{node.attr}"
            if dotted in {"os.environ", "os.getenv", "sys.stdin", "sys.stdout", "sys.stderr"}:
                found.add(dotted)
        if isinstance(node, ast.Attribute) and node.attr == "isatty":
            found.add(".isatty")
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_process_is_read_in_one_place(path: Path) -> None:
    name = _name(path)
    if name in PROCESS_READERS:
        return
    reads = {read for read in _process_reads(path) if (name, read) not in PROCESS_READS_ALLOWED}
    assert not reads, f"{name} reads the process ({sorted(reads)}): ask session.Environment"

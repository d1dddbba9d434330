"""The messages of mops_cli that a person reads: what the catalogues must translate."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "mops_cli"


def _string(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def messages() -> dict[str, str | None]:
    """{msgid: plural msgid or None}: _() and N_() arguments, ngettext() pairs, help= texts
    and the docstrings of the commands."""
    found: dict[str, str | None] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in ("_", "N_") and node.args and _string(node.args[0]) is not None:
                    found[_string(node.args[0])] = None
                elif name == "ngettext" and len(node.args) >= 2:
                    singular, plural = _string(node.args[0]), _string(node.args[1])
                    if singular is not None:
                        found[singular] = plural
                for keyword in node.keywords:
                    if keyword.arg == "help" and _string(keyword.value) is not None:
                        found[_string(keyword.value)] = None
            elif isinstance(node, ast.FunctionDef) and any(
                "command" in ast.unparse(d) or "callback" in ast.unparse(d)
                for d in node.decorator_list
            ):
                docstring = ast.get_docstring(node, clean=False)
                if docstring:
                    found[inspect.cleandoc(docstring)] = None
    return found

"""Check that the environment holds every direct dependency at its floor in pyproject.toml.

CI installs the package with uv's `--resolution lowest-direct` and runs the suite there; this
makes sure the floors were really what got tested (a floor that another dependency lifts is
not a promise the package can keep, and must be raised to what is installed).
"""

from __future__ import annotations

import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import Version

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

project = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())["project"]
extras = project["optional-dependencies"]
requirements = [*project["dependencies"], *extras["test"], *extras["browser"]]
wrong = []
for line in requirements:
    requirement = Requirement(line)
    if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
        continue
    floors = [s.version for s in requirement.specifier if s.operator == ">="]
    if requirement.name == "mops-cli":
        continue
    if not floors:
        wrong.append(f"{requirement.name}: no floor (>=) in pyproject.toml")
        continue
    try:
        installed = version(requirement.name)
    except PackageNotFoundError:
        wrong.append(f"{requirement.name}: not installed")
        continue
    if Version(installed) != Version(floors[0]):
        wrong.append(f"{requirement.name}: floor {floors[0]}, installed {installed}")
    else:
        print(f"floors: {requirement.name} {installed}")
if wrong:
    print("floors: not at the floors of pyproject.toml:", *wrong, sep="\n  ", file=sys.stderr)
    sys.exit(1)

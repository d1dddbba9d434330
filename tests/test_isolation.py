"""The suite never touches the user's real home or cache directory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mops_cli.cache import cache_dir


def test_home_and_cache_are_temporary(private_home: Path, private_cache: Path):
    pwd = pytest.importorskip("pwd")  # the account's home, whatever HOME says
    real_home = Path(pwd.getpwuid(os.getuid()).pw_dir)
    assert Path(os.environ["HOME"]) == private_home != real_home
    assert Path(os.path.expanduser("~")) == private_home
    assert cache_dir(os.environ) == private_cache
    assert not private_cache.is_relative_to(real_home)


def test_default_cache_directory_is_under_the_temporary_home(private_home: Path):
    environ = {k: v for k, v in os.environ.items() if k != "MOPS_CACHE_DIR"}
    folder = cache_dir(environ)
    assert folder is not None and folder.is_relative_to(private_home)
    environ.pop("XDG_CACHE_HOME")  # platformdirs' answer, from HOME
    folder = cache_dir(environ)
    assert folder is not None and folder.is_relative_to(private_home)

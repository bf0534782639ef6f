"""The README states every prerequisite and how to sign in, and ``make run`` installs what the
PDF board pack needs."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from services.accounts import DEMO_PASSWORD, DEMO_USERNAME

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_names_the_python_the_package_requires() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    version = re.fullmatch(r">=(\d+\.\d+)", project["requires-python"])
    assert version is not None
    assert f"Python {version.group(1)} or later" in README


def test_readme_says_how_to_sign_in_to_the_demo() -> None:
    assert f"sign in as **{DEMO_USERNAME}** with password **{DEMO_PASSWORD}**" in README


def test_readme_names_pango_and_its_packages() -> None:
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "brew install pango"):
        assert package in README


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_installs_pango_before_serving() -> None:
    plan = subprocess.run(["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True,
                          timeout=60, check=True).stdout
    assert plan.index("libpangoft2-1.0-0") < plan.index("scorecard serve")

"""The installed product needs nothing beside it: a wheel built from the repository sets up a
store with ``scorecard init-db`` from a folder far from the repository and from ``../shared``.

Bounded: the wheel is built without build isolation (no download) and installed without its
dependencies into a throwaway virtual environment that borrows the running environment's
packages; every step has a timeout. About ten seconds.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from domain.areas import PACKAGED_DATA_DIR

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
SKIPPED = shutil.ignore_patterns(".git", ".venv", "node_modules", "instance", "test-output",
                                 "demo-workbooks", "build", "dist", "*.egg-info", "__pycache__",
                                 ".*_cache", "tests", "benchmarks", "docs")
STEP_SECONDS = 300

pytestmark = pytest.mark.packaging


def _run(*argv: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "SCORECARD_SHARED_DATA", "DATABASE_URL")}
    return subprocess.run([str(a) for a in argv], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=STEP_SECONDS, check=False)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from a copy of the repository's product files."""
    work = tmp_path_factory.mktemp("wheel")
    source, dist = work / "source", work / "dist"
    shutil.copytree(ROOT, source, ignore=SKIPPED)
    built = _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                 "-q", "-w", dist, source, cwd=work)
    assert built.returncode == 0, built.stderr
    return next(dist.glob("cypp_scorecard-*.whl"))


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory, wheel: Path) -> Path:
    """A virtual environment holding only the wheel; returns its ``bin`` folder."""
    work = tmp_path_factory.mktemp("packaging")
    venv = work / "venv"
    assert _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=work).returncode == 0
    bin_dir = venv / "bin"
    purelib = _run(bin_dir / "python", "-c",
                   "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=work)
    # The dependencies come from the running environment, after the venv's own packages.
    Path(purelib.stdout.strip(), "_dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n")
    installed_ = _run(sys.executable, "-m", "pip", "--python", bin_dir / "python", "install",
                      "-q", "--no-deps", wheel, cwd=work)
    assert installed_.returncode == 0, installed_.stderr
    return bin_dir


def test_init_db_works_from_the_installed_wheel_with_no_shared_folder(
        installed: Path, tmp_path: Path) -> None:
    home = tmp_path / "elsewhere"
    home.mkdir()
    where = _run(installed / "python", "-c", "import domain, settings; "
                 "print(domain.__file__); print(settings.load_settings().shared_data)", cwd=home)
    module, data = where.stdout.split()
    assert Path(module).is_relative_to(installed.parent)
    assert Path(data).is_relative_to(installed.parent)
    assert not any((folder / "shared").exists() for folder in (home.parent, installed.parent))
    url = f"sqlite:///{home / 'store.db'}"
    done = _run(installed / "scorecard", "--database-url", url, "init-db", cwd=home)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout.startswith(f"Store ready at {url}: 180 areas")
    # the demo's partnership profile ships in the wheel, and stores from it
    profile = _run(installed / "python", "-c", "from demo.partnership import DEMO_PROFILE; "
                   "print(DEMO_PROFILE)", cwd=home).stdout.strip()
    assert Path(profile).is_relative_to(installed.parent)
    stored = _run(installed / "scorecard", "--database-url", url, "partnership", "load",
                  profile, cwd=home)
    assert stored.returncode == 0, stored.stderr
    assert "Stored Lancashire (E10000017), profile version 1." in stored.stdout


def _files(folder: Path, *patterns: str) -> set[str]:
    return {p.relative_to(ROOT).as_posix() for pattern in patterns
            for p in (ROOT / folder).glob(pattern)}


def test_the_wheel_holds_every_file_the_app_reads_at_run_time(wheel: Path) -> None:
    held = set(zipfile.ZipFile(wheel).namelist())
    needed = (_files(Path("assets"), "*.css", "*.js")
              | _files(Path("server"), "templates/*.html", "static/*.js")
              | _files(Path("exports"), "templates/*")
              | _files(Path("demo"), "data/*", "partnerships/*.toml")
              | _files(Path("domain"), "data/*.*", "data/open/*")
              | _files(Path("store"), "migrations/*.mako", "migrations/versions/*.py"))
    assert {"assets/style.css", "assets/scorecard.js", "domain/data/indicator_catalogue.csv",
            "demo/partnerships/lancashire.toml"} <= needed
    assert sorted(needed - held) == []


def test_the_installed_app_serves_its_styles_and_scripts(installed: Path,
                                                         tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    assert _run(installed / "scorecard", "--database-url", url, "init-db",
                cwd=tmp_path).returncode == 0
    served = _run(installed / "python", "-c", "; ".join([
        "from app import create_app", "from settings import Settings",
        "from server.readiness import finish_dash_setup",
        f"app = create_app(Settings(database_url='{url}', secret_key='test'))",
        "finish_dash_setup(app)",
        "client = app.server.test_client()",
        "print(*(client.get(f'/assets/{name}').status_code for name in "
        "('style.css', 'style_screens.css', 'scorecard.js')))",
        "print(app.config.assets_folder)"]), cwd=tmp_path)
    assert served.returncode == 0, served.stderr
    codes, folder = served.stdout.split("\n")[:2]
    assert codes == "200 200 200"
    assert Path(folder).is_relative_to(installed.parent)


@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="no ../shared/data to compare with")
def test_packaged_open_data_are_unchanged_copies_of_the_published_files() -> None:
    names = sorted(p.name for p in PACKAGED_DATA_DIR.glob("*.csv"))
    assert len(names) == 9
    _, mismatch, errors = filecmp.cmpfiles(PACKAGED_DATA_DIR, SHARED_DATA, names, shallow=False)
    assert (mismatch, errors) == ([], [])

"""Fixtures for the Upload page's browser tests: files to upload and an approver's browser.

The shared ``live_server`` signs every request in as a performance officer, who may upload
and commit but not roll back. Rolling back needs an approver, so the ``approver_server``
fixture serves the same demo store a second time with the approver role (this file, run as a
script, is that server), and ``approver_page`` is a browser page on it. Test modules import
the ``*_fixture`` functions; pytest knows them by their ``name``.

``python tests/browser/_upload_fixtures.py DATABASE_URL DATA_DIR ROLE`` prints the port on the
first line of stdout and serves until stopped.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from server.testing import served_in_subprocess
from settings import Settings

REPO_ROOT = Path(__file__).resolve().parents[2]
APPROVER_LOG = REPO_ROOT / "test-output" / "browser-approver-server.log"
HEADER = ("indicator_id,area_code,area_name,period,breakdown,numerator,denominator,value,"
          "lower_ci,upper_ci,target,status,note,source,illustrative\n")


@dataclass(frozen=True)
class UploadFiles:
    good: Path
    bad: Path
    folder: Path

    def too_big(self, limit: int) -> Path:
        """A file one byte over ``limit`` (sparse on disk: nothing is written)."""
        path = self.folder / "too-big.csv"
        with path.open("wb") as handle:
            handle.truncate(limit + 1)
        return path


@pytest.fixture(name="upload_files")
def upload_files_fixture(tmp_path: Path) -> UploadFiles:
    """A valid file with one warning (a jump from the previous quarter), unique to this run so
    it was never loaded before, and a file with four errors."""
    run = uuid.uuid4().hex[:8]
    good = tmp_path / "domestic-incidents-q4.csv"
    good.write_text(HEADER + "domestic_incidents_children,E10000017,Lancashire,Q4 2016/17,all,"
                    f",,9000,,,,final,,Browser test {run},false\n", encoding="utf-8")
    bad = tmp_path / "bad-figures.csv"
    bad.write_text(HEADER
                   + "no_such_indicator,E10000017,Lancashire,Q1 2017/18,all,,,12,,,,final,,x,"
                     "false\n"
                   + "domestic_incidents_children,E99999999,Nowhere,Q9 2017/18,all,,,abc,,,,"
                     "final,,x,false\n", encoding="utf-8")
    return UploadFiles(good, bad, tmp_path)


@pytest.fixture(scope="session", name="approver_server")
def approver_server_fixture(chromium: Path, browser_store: Settings, live_server: str
                            ) -> Iterator[str]:
    """The app on the same demo store, signed in as an approver, in its own process."""
    folder = Path(str(browser_store.upload_dir)).parent
    with served_in_subprocess(Path(__file__), [browser_store.database_url, str(folder),
                                               "approver"], APPROVER_LOG, REPO_ROOT) as url:
        yield url


@pytest.fixture(name="approver_page")
def approver_page_fixture(browser: Any, approver_server: str) -> Iterator[Any]:
    """A 1366x768 page signed in as an approver; fails on any browser console error."""
    from .conftest import Console, watched_page
    yield from watched_page(browser, approver_server, Console())


def main(argv: list[str]) -> None:
    from werkzeug.serving import make_server

    from app import create_app
    database_url, data_dir, role = argv[1], Path(argv[2]), argv[3]
    settings = Settings(database_url=database_url, demo_dir=data_dir / "workbooks",
                        upload_dir=data_dir / "uploads")
    app = create_app(settings.with_overrides(login_disabled_as=role, secret_key="browser-tests",
                                             login_rate_limit="10000 per minute",
                                             upload_rate_limit="10000 per minute"))
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    print(server.server_port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv)

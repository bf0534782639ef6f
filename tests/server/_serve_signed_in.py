"""Serve the app with real sign-in for the security browser tests.

``python tests/server/_serve_signed_in.py DATABASE_URL`` prints the loopback port on the first
line of stdout, then serves until stopped. The demo login is on, so the demo banner shows.
"""

from __future__ import annotations

import sys

from werkzeug.serving import make_server

from app import create_app
from settings import Settings


def main(database_url: str) -> None:
    app = create_app(Settings(database_url=database_url, secret_key="browser-security",
                              demo_login=True, login_rate_limit="10000 per minute"))
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    print(server.server_port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1])

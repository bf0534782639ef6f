"""``scorecard serve``: the dashboard on Flask's development server."""

from __future__ import annotations

import argparse

from cli.registry import command
from settings import Settings


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, help="port (default $PORT or 8050)")
    parser.add_argument("--host", default="127.0.0.1", help="interface (default 127.0.0.1)")
    parser.add_argument("--debug", action="store_true", help="Dash debug mode (development only)")


@command("serve", "serve the dashboard", _arguments)
def serve(args: argparse.Namespace, settings: Settings) -> int:
    """Build the app and serve it until interrupted."""
    # The app (Dash, Flask, pandas) imported when the command runs (start-up time:
    # `scorecard --help` under 1 s).
    from app import create_app
    from cli.store import store_engine
    from server.readiness import finish_dash_setup
    store_engine(settings).dispose()  # refuses a store not set up, or not at this release
    settings = settings.with_overrides(port=args.port)
    app = create_app(settings)
    if not args.debug:  # the threaded server's first requests must not race Dash's set-up
        finish_dash_setup(app)
    print(f"Serving on http://{args.host}:{settings.port}")
    app.run(host=args.host, port=settings.port, debug=args.debug)
    return 0

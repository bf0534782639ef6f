"""``/healthz``: is the process up and the database reachable?"""

from __future__ import annotations

from flask import Blueprint, Flask, jsonify
from flask.typing import ResponseReturnValue

from server.context import engine
from store.health import is_reachable

health = Blueprint("health", __name__)


@health.get("/healthz")
def healthz() -> ResponseReturnValue:
    """200 when the store answers, else 503 (a load balancer takes the instance out)."""
    if not is_reachable(engine()):
        return jsonify({"status": "error", "database": "unreachable"}), 503
    return jsonify({"status": "ok", "database": "ok"})


def register_health_routes(server: Flask) -> None:
    """Serve ``/healthz`` (public, by the route policy)."""
    server.register_blueprint(health)

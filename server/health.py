"""``/healthz``: is the process up, the database reachable, and the store at the migration
this release's code expects?"""

from __future__ import annotations

from flask import Blueprint, Flask, jsonify
from flask.typing import ResponseReturnValue

from server.context import engine
from store.engine import schema_behind
from store.health import is_reachable

health = Blueprint("health", __name__)


@health.get("/healthz")
def healthz() -> ResponseReturnValue:
    """200 when the store answers and is at this release's migration, else 503 (a load
    balancer takes the instance out) with the reason."""
    if not is_reachable(engine()):
        return jsonify({"status": "error", "database": "unreachable"}), 503
    behind = schema_behind(engine())
    if behind:
        return jsonify({"status": "error", "database": "ok", "schema": behind}), 503
    return jsonify({"status": "ok", "database": "ok"})


def register_health_routes(server: Flask) -> None:
    """Serve ``/healthz`` (public, by the route policy)."""
    server.register_blueprint(health)

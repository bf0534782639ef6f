"""The sign-in pages: /login (local accounts), /login/oidc and /auth/callback (single sign-on),
/logout. Server-rendered Jinja templates, autoescaped, so nothing a user typed can run.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from flask import (
    Blueprint,
    Flask,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import login_user, logout_user
from werkzeug.exceptions import NotFound

from server import lockout
from server.auth import SessionUser, current_user, demo_login_active
from server.context import engine, settings
from server.oidc import OidcRefused, client, user_from_token
from server.security import CSRF_COOKIE, csrf_problem, csrf_token
from services import accounts
from store import audit
from store.accounts import UserRecord
from store.engine import StoreFailure
from store.faults import describe_fault

login_views = Blueprint("login", __name__, template_folder="templates")
MAX_USERNAME = 120
log = logging.getLogger("scorecard.login")


def record(write: Callable[[], None], what: str) -> None:
    """Run a bookkeeping write (last sign-in, audit entry); when the store refuses writes but
    can still be read (read-only or full), log what was not recorded and carry on."""
    try:
        write()
    except StoreFailure as error:
        fault = describe_fault(error)
        if fault.kind not in ("read-only", "full"):
            raise
        log.warning("%s was not recorded: %s", what, fault.summary)


def safe_next(target: str | None) -> str:
    """A local path to return to after sign-in; anything else goes to the home page."""
    if (not target or not target.startswith("/") or target.startswith("//")
            or "\\" in target or any(ord(c) < 32 for c in target)):
        return "/"
    return target


def page_context(**extra: Any) -> dict[str, Any]:
    """What every sign-in page template needs: the marking and the demo notice."""
    try:
        demo = demo_login_active()
    except Exception:  # the database may be down; the page still renders
        demo = False
    return {"marking": settings().sensitivity, "demo_login": demo, **extra}


def _login_page(status: int = 200, **extra: Any) -> ResponseReturnValue:
    oidc = settings().oidc_label if settings().oidc_issuer else None
    context = page_context(csrf_token=csrf_token(), oidc_label=oidc,
                           next=safe_next(request.values.get("next")), username="",
                           error=None, notice=None)
    context.update(extra)
    return render_template("login.html", **context), status


def sign_in(user: UserRecord, method: str) -> ResponseReturnValue:
    """Start a fresh session for ``user`` (a new session and CSRF token) and go on."""
    target = safe_next(request.values.get("next") or session.get("login_next"))
    session.clear()
    login_user(SessionUser(user))
    session.permanent = True
    csrf_token()
    record(lambda: accounts.mark_signed_in(engine(), user, method),
           f"Sign-in of {user.username} ({method})")
    return redirect(target)


@login_views.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    """The sign-in form; a post checks the lockout, then the password."""
    if request.method == "GET":
        if current_user() is not None:
            return redirect(safe_next(request.args.get("next")))
        notice = "You have signed out." if request.args.get("signed_out") else None
        return _login_page(notice=notice)
    problem = csrf_problem(request)
    if problem:
        return _login_page(400, error=problem)
    username = request.form.get("username", "").strip()[:MAX_USERNAME]
    password = request.form.get("password", "")
    client = request.remote_addr or "unknown"
    wait = lockout.locked_for(engine(), username, client)
    if wait:
        audit.record_now(engine(), user=username, action="sign-in-locked",
                         entity_type="user", entity_id=username,
                         detail=f"from {request.remote_addr}")
        return _login_page(429, error=lockout.wait_message(wait), username=username)
    user = accounts.authenticate(engine(), username, password,
                                 allow_demo=settings().demo_login)
    if user is None:
        locks: list[dt.timedelta] = []
        record(lambda: locks.append(lockout.record_failure(
            engine(), username, client, settings().lockout_after,
            settings().lockout_seconds)),
               f"A failed sign-in as {username!r} (for the lockout count)")
        record(lambda: audit.record_now(engine(), user=username, action="sign-in-failed",
                                        entity_type="user", entity_id=username,
                                        detail=f"from {request.remote_addr}"),
               f"Failed sign-in as {username!r}")
        lock = locks[0] if locks else None
        error = (lockout.wait_message(lock.total_seconds()) if lock
                 else "That username and password were not recognised.")
        return _login_page(429 if lock else 401, error=error, username=username)
    record(lambda: lockout.clear_failures(engine(), username, client),
           f"Clearing the failed sign-ins of {username!r}")
    return sign_in(user, "password")


@login_views.route("/logout", methods=["GET", "POST"])
def logout() -> ResponseReturnValue:
    """Sign out: the account's session version goes up, so this cookie, any copy of it and the
    user's sessions on other devices all stop working (the server keeps no session list)."""
    user = current_user()
    if request.method == "GET":
        if user is None:
            return redirect(url_for("login.login"))
        return render_template("logout.html", **page_context(
            name=user.name, csrf_token=csrf_token()))
    if csrf_problem(request):
        return redirect(url_for("login.logout"))
    if user is not None:
        record(lambda: accounts.end_sessions(engine(), user.record.id),
               f"Ending the sessions of {user.username}")
        record(lambda: audit.record_now(engine(), user=user.username, action="sign-out",
                                        entity_type="user", entity_id=user.username),
               f"Sign-out of {user.username}")
    logout_user()
    session.clear()
    response = redirect(url_for("login.login", signed_out=1))
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response


@login_views.get("/login/oidc")
def oidc_start() -> ResponseReturnValue:
    """Send the user to the identity provider (404 when sign-on is off)."""
    oauth_client = client()
    if oauth_client is None:
        raise NotFound()
    session["login_next"] = safe_next(request.args.get("next"))
    return oauth_client.authorize_redirect(  # type: ignore[no-any-return]
        url_for("login.oidc_callback", _external=True))


@login_views.get("/auth/callback")
def oidc_callback() -> ResponseReturnValue:
    """Back from the identity provider: sign the linked account in, or say why not."""
    oauth_client = client()
    if oauth_client is None:
        raise NotFound()
    try:
        token = oauth_client.authorize_access_token()
        user = user_from_token(engine(), settings(), token)
    except OidcRefused as refused:
        audit.record_now(engine(), user="sso", action="sign-in-refused",
                         entity_type="user", entity_id=refused.who, detail=str(refused))
        return _login_page(403, error=str(refused))
    except Exception:  # a failed exchange or invalid token: never show the details
        current_app.logger.warning("Single sign-on callback failed", exc_info=True)
        return _login_page(400, error="Single sign-on did not complete. Try again.")
    return sign_in(user, "oidc")


def register_login_views(server: Flask) -> None:
    """Serve the sign-in and sign-out pages."""
    server.register_blueprint(login_views)

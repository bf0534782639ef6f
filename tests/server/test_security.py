"""Security headers, the CSP, size limits and error pages that leak nothing."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

import pytest
from dash import Dash, Input, Output
from flask.testing import FlaskClient
from sqlalchemy.exc import OperationalError

from domain.roles import Role
from server.testing import csrf_headers

SECRET_SQL = "SELECT password_hash FROM app_user WHERE username = 'alice'"


def test_security_headers_on_pages_json_and_errors(
        shared_client: Callable[[Role | None], FlaskClient]) -> None:
    client = shared_client(Role.VIEWER)
    for response in (client.get("/"), client.get("/_dash-layout"), client.get("/nope/x"),
                     shared_client(None).get("/login"), shared_client(None).get("/api/x")):
        headers = response.headers
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert "camera=()" in headers["Permissions-Policy"]
        assert headers["Cache-Control"] == "no-store"
        csp = headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
        script_src = next(d for d in csp.split("; ") if d.startswith("script-src"))
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
        assert "'sha256-" in script_src


def test_csp_allows_every_inline_script_dash_serves(
        shared_client: Callable[[Role | None], FlaskClient], shared_app: Dash) -> None:
    client = shared_client(Role.VIEWER)
    client.get("/_dash-dependencies")
    csp = client.get("/").headers["Content-Security-Policy"]
    for digest in shared_app.csp_hashes():
        assert digest in csp


def test_static_code_may_be_cached(shared_client: Callable[[Role | None], FlaskClient]) -> None:
    response = shared_client(None).get("/_favicon.ico")
    assert response.status_code == 200
    assert response.headers.get("Cache-Control") != "no-store"


def test_versioned_code_and_styles_are_kept_by_the_browser(
        shared_client: Callable[[Role | None], FlaskClient]) -> None:
    client = shared_client(Role.VIEWER)
    page = client.get("/").get_data(as_text=True)
    addresses = re.findall(
        r'(?:src|href)="(/(?:assets/|_dash-component-suites/|_favicon\.ico)[^"]*)"', page)
    assert any(a.startswith("/_favicon.ico?v=") for a in addresses)
    assets = [a for a in addresses if a.startswith("/assets/")]
    assert any(a.endswith(".css") or ".css?" in a for a in assets)
    assert all("?m=" in a for a in assets)  # Dash versions every asset address
    for address in addresses:
        with client.get(address) as response:
            assert response.status_code == 200, address
            cache = response.headers.get("Cache-Control", "")
        assert "max-age=31536000" in cache, (address, cache)
    with client.get("/assets/style.css") as unversioned:
        assert unversioned.status_code == 200
        assert "max-age=31536000" not in unversioned.headers.get("Cache-Control", "")
    with client.get("/_dash-component-suites/dash/dcc/async-graph.js") as chunk:
        assert chunk.status_code == 200
        assert chunk.cache_control.max_age == 3600 and chunk.cache_control.public


def test_request_over_the_size_limit_gets_a_clear_413(
        make_app: Callable[..., Dash]) -> None:
    app = make_app(max_upload_bytes=1024, login_disabled_as="performance_officer")
    client = app.server.test_client()
    big = b"x" * (3 * 1024 * 1024)
    page = client.post("/api/uploads", data=big, content_type="application/octet-stream",
                       headers={"Accept": "text/html"})
    assert page.status_code == 413
    body = page.get_json()
    assert body["message"].startswith("The file is larger than the 0.000976562 MB limit")
    html = client.post("/upload", data=big, content_type="application/octet-stream")
    assert html.status_code == 413
    assert "The file is larger than the" in html.get_data(as_text=True)
    assert "<html" in html.get_data(as_text=True)


def test_errors_leak_no_stack_trace_or_sql(make_app: Callable[..., Dash]) -> None:
    app = make_app(login_disabled_as="viewer")

    @app.server.get("/api/exports/boom")
    def boom() -> str:
        raise RuntimeError(SECRET_SQL)

    @app.server.get("/api/exports/db-down")
    def db_down() -> str:
        raise OperationalError(SECRET_SQL, {}, ConnectionRefusedError("port 5432"))

    @app.callback(Output("scorecard-boom", "children"), Input("scorecard-boom-in", "value"))
    def failing_callback(_value: str) -> str:
        raise ValueError(SECRET_SQL)

    client = app.server.test_client()
    crash = client.get("/api/exports/boom")
    down = client.get("/api/exports/db-down")
    down_page = client.get("/api/exports/db-down", headers={"Accept": "text/html"})
    callback = client.post("/_dash-update-component", json={
        "output": "scorecard-boom.children",
        "outputs": {"id": "scorecard-boom", "property": "children"},
        "inputs": [{"id": "scorecard-boom-in", "property": "value", "value": "x"}],
        "changedPropIds": ["scorecard-boom-in.value"], "state": []})
    missing = client.get("/definitely/not/here")
    assert (crash.status_code, down.status_code) == (500, 503)
    assert callback.status_code in (200, 500)  # the page shell's on_error shows a message
    assert down.headers["Retry-After"] == "30"
    assert crash.get_json()["reference"] == crash.headers["X-Request-ID"]
    for response in (crash, down, down_page, callback, missing):
        text = response.get_data(as_text=True)
        assert "SELECT" not in text and "Traceback" not in text and "5432" not in text
        assert "password_hash" not in text


def test_csrf_cookie_is_readable_by_page_scripts_only_on_this_site(
        shared_client: Callable[[Role | None], FlaskClient]) -> None:
    client = shared_client(Role.PERFORMANCE_OFFICER)
    header = csrf_headers(client)
    cookie = client.get_cookie("_csrf_token")
    assert cookie is not None and cookie.value == header["X-CSRFToken"]
    assert not cookie.http_only and cookie.same_site == "Strict"


def _wrong_passwords(client: FlaskClient, peer: str, count: int) -> list[int]:
    """POST wrong passwords from ``peer``, each claiming a new X-Forwarded-For address."""
    from server.testing import form_token
    statuses = []
    for n in range(count):
        token = form_token(client.get("/login").get_data(as_text=True))
        statuses.append(client.post(
            "/login", data={"username": "alice", "password": "wrong", "csrf_token": token},
            environ_base={"REMOTE_ADDR": peer},
            headers={"X-Forwarded-For": f"198.51.100.{n + 1}"}).status_code)
    return statuses


def test_a_direct_client_cannot_choose_its_address(make_app: Callable[..., Dash]) -> None:
    app = make_app(trusted_proxies=1, login_rate_limit="3 per minute", lockout_after=1000)
    statuses = _wrong_passwords(app.server.test_client(), "203.0.113.9", 5)
    assert statuses == [401, 401, 401, 429, 429]


def test_a_trusted_proxy_passes_on_each_client_address(make_app: Callable[..., Dash]) -> None:
    app = make_app(trusted_proxies=1, login_rate_limit="3 per minute", lockout_after=1000,
                   trusted_proxy_addresses=("10.0.0.0/8",))
    assert _wrong_passwords(app.server.test_client(), "10.1.2.3", 5) == [401] * 5
    assert _wrong_passwords(app.server.test_client(), "127.0.0.1", 4)[-1] == 429


def _redis_url() -> str:
    import redis
    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    return url


def test_with_redis_every_worker_counts_sign_ins_together(
        make_app: Callable[..., Dash]) -> None:
    """Two apps stand for two gunicorn workers; with REDIS_URL they share one count."""
    url = _redis_url()
    workers = [make_app(redis_url=url, login_rate_limit="3 per minute", lockout_after=1000)
               .server.test_client() for _ in range(2)]
    peer = f"2001:db8::{secrets.token_hex(2)}:{secrets.token_hex(2)}"  # a fresh counter
    statuses = [_wrong_passwords(workers[n % 2], peer, 1)[0] for n in range(4)]
    assert statuses == [401, 401, 401, 429]


def test_a_mistyped_proxy_address_stops_start_up_with_its_name(
        make_app: Callable[..., Dash]) -> None:
    with pytest.raises(ValueError, match="SCORECARD_TRUSTED_PROXY_ADDRESSES: '10.0.0.0/33'"):
        make_app(trusted_proxies=1, trusted_proxy_addresses=("10.0.0.0/33",))

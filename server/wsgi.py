"""WSGI entry point for gunicorn: ``gunicorn server.wsgi:server``.

Gunicorn imports this module in every worker it starts (``preload_app`` is off), so each
worker finishes Dash's set-up here, and draws each page once, before it accepts a request.
"""

from app import create_app
from server.readiness import finish_dash_setup, warm_pages

app = create_app()
finish_dash_setup(app)
warm_pages(app)
server = app.server

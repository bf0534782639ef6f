"""Production gunicorn settings; every value can be overridden by the environment.

``WEB_CONCURRENCY`` worker processes (default 2), each with ``GUNICORN_THREADS`` threads
(default 4): pages spend most of their time in pandas and the database, so a few processes
with a few threads each use two cores well. Workers are recycled after ``max_requests`` to
bound memory. Requests are logged by the app as JSON lines (``server.logs``), so gunicorn's
own access log is off and its error log uses the same format.
"""

import os
import secrets
import sys

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8050')}")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Files under SCORECARD_UPLOAD_JOB_MB are checked in the request; larger ones by a job.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
limit_request_line = 8190
limit_request_field_size = 8190
# Behind a load balancer, trust its X-Forwarded-* only from its address.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# /dev/shm avoids slow heartbeat files on container overlay disks; fall back elsewhere.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# No runtime control socket: nothing here uses it, and every instance on one host would
# otherwise claim the same default path (~/.gunicorn/gunicorn.ctl).
control_socket_disable = True
accesslog = None
errorlog = "-"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "server.logs.JsonFormatter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json",
                            "stream": "ext://sys.stderr"}},
    "root": {"level": "INFO", "handlers": ["stderr"]},
    "loggers": {"gunicorn.error": {"handlers": ["stderr"], "level": "INFO",
                                   "propagate": False},
                "gunicorn.access": {"handlers": [], "level": "WARNING", "propagate": False}},
}

# Every worker must sign sessions with the same key. Without SECRET_KEY one is made here,
# in the master, before the workers start: fine for one machine, but sign-ins end when
# gunicorn restarts and several instances cannot share them. Set SECRET_KEY in production.
if not os.environ.get("SECRET_KEY"):
    os.environ["SECRET_KEY"] = secrets.token_hex(32)
    print('{"level": "WARNING", "msg": "SECRET_KEY is not set; using a key for this run '
          'only"}', file=sys.stderr)

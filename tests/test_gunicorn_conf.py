"""The production gunicorn settings (``gunicorn.conf.py``), read as gunicorn reads them."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest
from gunicorn.config import Config

CONF = Path(__file__).resolve().parents[1] / "gunicorn.conf.py"


def settings(monkeypatch: pytest.MonkeyPatch) -> Config:
    """gunicorn's configuration after reading the file, with a session key set."""
    monkeypatch.setenv("SECRET_KEY", "test-key")
    config = Config()
    for name, value in runpy.run_path(str(CONF)).items():
        if name in config.settings:
            config.set(name, value)
    return config


def test_instances_on_one_host_claim_no_control_socket(monkeypatch: pytest.MonkeyPatch) -> None:
    assert settings(monkeypatch).control_socket_disable is True


def test_workers_are_threads_recycled_with_jitter(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    config = settings(monkeypatch)
    assert (config.workers, config.worker_class_str) == (3, "gthread")
    assert config.max_requests > 0 and config.max_requests_jitter > 0

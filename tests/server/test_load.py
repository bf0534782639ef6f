"""A bounded load test (15 s, loopback): gunicorn with 2 workers serves mixed page views and
one upload with no server error. ``benchmarks/load_test.py`` runs the 60 s version."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "load_test.py"


def test_mixed_load_with_an_upload_has_no_server_errors(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("scorecard_load_test", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    result = module.run_load_test(seconds=15, users=4, folder=tmp_path)
    print("\n".join(result.lines()))
    assert result.requests > 20
    assert result.server_errors == 0 and result.failures == []
    assert "committed" in result.upload

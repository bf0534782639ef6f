"""The load path stays light: it does not import scipy.stats, openpyxl, plotting or Dash."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("scipy.stats", "openpyxl", "matplotlib", "plotly", "dash")


def test_the_upload_service_imports_no_heavy_module() -> None:
    code = ("import sys, services.uploads; "
            f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, env={"PYTHONPATH": str(ROOT)}, check=True)
    assert done.stdout.strip() == ""

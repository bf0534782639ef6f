"""``python -m cli``: the same as the ``scorecard`` command."""

import sys

from cli import main

sys.exit(main())

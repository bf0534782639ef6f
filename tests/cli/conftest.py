"""Command-line tests run on the stores the service and server tests use: ``cli_store`` (set
up by ``scorecard init-db``, with an officer and an approver to act for) and ``seeded_engine``
(a migrated store holding a county, two districts and England)."""

from tests.server.conftest import seeded_engine  # noqa: F401
from tests.services.conftest import cli_store  # noqa: F401

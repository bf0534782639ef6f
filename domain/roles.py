"""The roles a scorecard account can hold, ranked: each includes everything the ones below it may
do. Which pages, callbacks and routes each role may use is the access policy in
:mod:`server.roles`.
"""

from __future__ import annotations

import re
from enum import IntEnum
from typing import Final


class Role(IntEnum):
    """An account's role; a higher value may do everything a lower one may."""

    DISTRICT_VIEWER = 1
    VIEWER = 2
    PERFORMANCE_OFFICER = 3
    APPROVER = 4
    ADMIN = 5

    @property
    def key(self) -> str:
        """The stored and typed name: ``"performance_officer"``."""
        return self.name.lower()

    @property
    def label(self) -> str:
        """The name shown to people: ``"Performance officer"``."""
        return ROLE_LABELS[self]

    @classmethod
    def parse(cls, text: str) -> Role:
        """``"performance_officer"``, ``"Performance officer"``, ``"PerformanceOfficer"``..."""
        wanted = re.sub(r"[^a-z]", "", text.lower())
        for role in cls:
            if role.name.replace("_", "").lower() == wanted:
                return role
        choices = ", ".join(r.key for r in cls)
        raise ValueError(f"Unknown role {text[:60]!r}; choose one of {choices}.")


ROLE_LABELS: Final = {
    Role.DISTRICT_VIEWER: "District viewer",
    Role.VIEWER: "Viewer (Board)",
    Role.PERFORMANCE_OFFICER: "Performance officer",
    Role.APPROVER: "Approver",
    Role.ADMIN: "Administrator",
}

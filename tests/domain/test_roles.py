"""Roles: ranked, named for people and for the store, parsed from how people write them."""

from __future__ import annotations

import pytest

from domain.roles import Role


@pytest.mark.parametrize("text", ["performance_officer", "Performance officer",
                                  "PerformanceOfficer", " PERFORMANCE-OFFICER "])
def test_a_role_is_parsed_however_it_is_written(text: str) -> None:
    assert Role.parse(text) is Role.PERFORMANCE_OFFICER


def test_an_unknown_role_names_the_choices() -> None:
    with pytest.raises(ValueError, match="Unknown role 'owner'; choose one of district_viewer"):
        Role.parse("owner")


def test_roles_are_ranked_and_named() -> None:
    assert sorted(Role) == [Role.DISTRICT_VIEWER, Role.VIEWER, Role.PERFORMANCE_OFFICER,
                            Role.APPROVER, Role.ADMIN]
    assert all(Role.parse(role.key) is role for role in Role)
    assert (Role.VIEWER.label, Role.ADMIN.key) == ("Viewer (Board)", "admin")

"""Commentary and actions per indicator, area and quarter: write, edit, approve, read history.

Nothing is overwritten: an edit inserts a new version that supersedes the current one, and
approval stamps the version the approver read. Only approved versions go into a board pack.
Adding and approving are audited in ``audit_log`` in the same transaction. Who may do what
(performance officers write, approvers approve) is enforced at the edge by the access gate
and the CLI; here, an approver may not approve their own words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from domain.catalogue import Indicator
from domain.errors import NotFoundError, ScorecardError
from services.catalogue import Indicators, given_or_shared
from services.partnerships import require_partnership_area
from store import audit
from store import commentary as stored
from store.commentary import COLUMNS, CommentaryKey
from store.engine import Connection, Engine

__all__ = ["COLUMNS", "MAX_TEXT", "CommentaryDraft", "CommentaryError", "add_commentary",
           "approve_commentary", "approved_for_pack", "list_commentary"]
MAX_TEXT = 8000


class CommentaryError(ScorecardError):
    """Commentary that cannot be saved or approved as asked; the message says why."""


@dataclass(frozen=True)
class CommentaryDraft:
    """Commentary as written, before it is saved as a new version."""

    indicator_id: str
    area_code: str
    period_key: str
    narrative: str
    action: str = ""
    owner: str = ""
    due_date: dt.date | None = None
    breakdown: str = "all"

    @property
    def key(self) -> CommentaryKey:
        """What the draft is about."""
        return CommentaryKey(self.indicator_id, self.area_code, self.period_key, self.breakdown)


def _check(draft: CommentaryDraft, indicators: Mapping[str, Indicator]) -> None:
    if draft.indicator_id not in indicators:
        raise NotFoundError(f"There is no indicator {draft.indicator_id[:60]!r}.")
    if not draft.narrative.strip():
        raise CommentaryError("Commentary needs a narrative: say what the figures show.")
    if len(draft.narrative) > MAX_TEXT or len(draft.action) > MAX_TEXT:
        raise CommentaryError(f"Narrative and action are limited to {MAX_TEXT} characters.")
    if draft.action.strip() and not draft.owner.strip():
        raise CommentaryError("An action needs an owner.")


def add_commentary(engine: Engine, draft: CommentaryDraft, author: str, *,
                   indicators: Indicators = None) -> int:
    """Save ``draft`` as the newest version (superseding the current one); its id.

    The draft must be about one of ``indicators`` (by default the catalogue).
    """
    _check(draft, given_or_shared(indicators))
    with engine.begin() as conn:
        require_partnership_area(conn, draft.area_code)
        previous = stored.current_version(conn, draft.key)
        new_id = stored.insert_version(
            conn, draft.key, narrative=draft.narrative.strip(), action=draft.action.strip(),
            owner=draft.owner.strip(), due_date=draft.due_date, author=author,
            supersedes_id=previous)
        audit.record(conn, user=author, action="commentary-add", entity_type="commentary",
                     entity_id=str(new_id), before={"supersedes": previous},
                     after={"indicator": draft.indicator_id, "area": draft.area_code,
                            "period": draft.period_key, "breakdown": draft.breakdown})
    return new_id


def approve_commentary(engine: Engine, commentary_id: int, approver: str) -> None:
    """Approve the current version ``commentary_id``."""
    with engine.begin() as conn:
        item = stored.get_version(conn, commentary_id)
        if item is None:
            raise NotFoundError(f"There is no commentary {commentary_id}.")
        if stored.is_superseded(conn, commentary_id):
            raise CommentaryError("This version has been edited since; approve the newest one.")
        if item.approved_at is not None:
            raise CommentaryError(f"Already approved by {item.approved_by}.")
        if item.author == approver:
            raise CommentaryError("Commentary must be approved by someone other than its "
                                  "author.")
        stored.mark_approved(conn, commentary_id, approver)
        audit.record(conn, user=approver, action="commentary-approve",
                     entity_type="commentary", entity_id=str(commentary_id),
                     after={"indicator": item.indicator_id, "area": item.area_code,
                            "period": item.period_key})


def list_commentary(conn: Connection, *, area_code: str, period_key: str | None = None,
                    indicator_id: str | None = None, history: bool = False) -> pd.DataFrame:
    """Commentary for an area (and period, indicator), newest first, with its ``status``.

    ``status`` is "approved", "awaiting approval" or (with ``history``) "superseded".
    """
    frame = stored.commentary_frame(conn, area_code, period_key, indicator_id)
    superseded = set(frame["supersedes_id"].dropna().astype(int))
    frame["is_current"] = ~frame["id"].isin(superseded)
    frame["status"] = [
        "superseded" if not current else "approved" if pd.notna(at) else "awaiting approval"
        for current, at in zip(frame["is_current"], frame["approved_at"], strict=True)]
    return frame if history else frame[frame["is_current"]].reset_index(drop=True)


def approved_for_pack(conn: Connection, area_code: str, period_key: str
                      ) -> list[dict[str, Any]]:
    """The newest approved version per indicator and breakdown, in indicator order."""
    frame = list_commentary(conn, area_code=area_code, period_key=period_key, history=True)
    approved = frame[frame["approved_at"].notna()]
    newest = approved.sort_values("id").groupby(["indicator_id", "breakdown"]).tail(1)
    newest = newest.sort_values(["indicator_id", "breakdown"])
    return [{c: _plain(rec[c]) for c in COLUMNS} for rec in newest.to_dict("records")]


def _plain(value: Any) -> Any:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp | dt.datetime):
        return pd.Timestamp(value).to_pydatetime().replace(microsecond=0).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value

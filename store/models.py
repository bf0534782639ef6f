"""SQLAlchemy 2.0 typed models of the scorecard store.

History is never overwritten: an observation revised by a later upload is kept with
``is_current = False`` and the new row points back to it through ``supersedes_id``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column

from store.judgement_model import ComputedResult as ComputedResult
from store.judgement_model import JudgementRun as JudgementRun
from store.model_base import MAX_ID as MAX_ID
from store.model_base import Base, utcnow


class Area(Base):
    __tablename__ = "area"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(20), index=True)
    parent_code: Mapped[str | None] = mapped_column(String(32))
    dfe_la_number: Mapped[str | None] = mapped_column(String(8))
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)


class AreaRelationship(Base):
    __tablename__ = "area_relationship"
    __table_args__ = (
        UniqueConstraint("parent_code", "child_code", "relationship", "model",
                         name="uq_area_relationship"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    parent_code: Mapped[str] = mapped_column(String(32))  # uq_area_relationship leads with it
    child_code: Mapped[str] = mapped_column(String(32), index=True)
    relationship: Mapped[str] = mapped_column(String(40))
    model: Mapped[str] = mapped_column(String(40), default="")
    rank: Mapped[int | None] = mapped_column(Integer)
    closeness: Mapped[str | None] = mapped_column(String(40))
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)


class IndicatorRow(Base):
    """The catalogue as loaded into the store (the CSV stays the source of truth)."""

    __tablename__ = "indicator"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    short_title: Mapped[str] = mapped_column(String(80))
    outcome: Mapped[str] = mapped_column(String(20))
    display_order: Mapped[int] = mapped_column(Integer, default=0)
    polarity: Mapped[str] = mapped_column(String(20))
    value_type: Mapped[str] = mapped_column(String(20))
    multiplier: Mapped[float] = mapped_column(Float, default=1.0)
    period_type: Mapped[str] = mapped_column(String(20))
    spec_json: Mapped[str] = mapped_column(Text, default="{}")


class Series(Base):
    """One indicator's figures for one breakdown (``all``, ``girls``, ...). Figures and
    judgements point to their series rather than each repeating the indicator id and the
    breakdown."""

    __tablename__ = "series"
    __table_args__ = (UniqueConstraint("indicator_id", "breakdown", name="uq_series"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_id: Mapped[str] = mapped_column(ForeignKey("indicator.id"))
    breakdown: Mapped[str] = mapped_column(String(80), default="all")


class Period(Base):
    __tablename__ = "period"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    type: Mapped[str] = mapped_column(String(20))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date, index=True)
    label: Mapped[str] = mapped_column(String(60))


class UploadBatch(Base):
    __tablename__ = "upload_batch"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_name: Mapped[str] = mapped_column(String(260))
    file_hash: Mapped[str] = mapped_column(String(64), index=True)
    file_size: Mapped[int] = mapped_column(Integer, default=0)
    file_format: Mapped[str] = mapped_column(String(40), default="")
    sheets: Mapped[str] = mapped_column(Text, default="")
    uploaded_by: Mapped[str] = mapped_column(String(120), default="")
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(20), default="committed")
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    rows_new: Mapped[int] = mapped_column(Integer, default=0)
    rows_revised: Mapped[int] = mapped_column(Integer, default=0)
    rows_unchanged: Mapped[int] = mapped_column(Integer, default=0)
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    warning_count: Mapped[int] = mapped_column(Integer, default=0)
    acknowledged_reason: Mapped[str | None] = mapped_column(Text)
    rolled_back_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    rolled_back_by: Mapped[str | None] = mapped_column(String(120))
    note: Mapped[str | None] = mapped_column(Text)


class ValidationIssueRow(Base):
    __tablename__ = "validation_issue"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("upload_batch.id"), index=True)
    code: Mapped[str] = mapped_column(String(60))
    severity: Mapped[str] = mapped_column(String(10))
    sheet: Mapped[str] = mapped_column(String(120), default="")
    row: Mapped[int | None] = mapped_column(Integer)
    column: Mapped[str] = mapped_column(String(120), default="")
    value: Mapped[str] = mapped_column(Text, default="")
    message: Mapped[str] = mapped_column(Text)


class FigureOrigin(Base):
    """Where figures of one batch came from: their source (the publication or system named in
    the file), the sheet that held them and when they were written. The batch's figures
    point here rather than each repeating the three."""

    __tablename__ = "figure_origin"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("upload_batch.id"), index=True)
    source: Mapped[str | None] = mapped_column(String(200))
    sheet: Mapped[str | None] = mapped_column(String(160))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Observation(Base):
    """One published or uploaded figure: series (indicator x breakdown) x area x period.

    Its source, the sheet it was read from and when it was written are its origin's
    (:class:`FigureOrigin`); ``cell`` is the cell within that sheet (``H2`` of
    ``national!H2``), or the whole reference where it names no sheet.
    """

    __tablename__ = "observation"
    __table_args__ = (
        Index(
            "uq_observation_current",
            "series_id", "area_id", "period_id",
            unique=True,
            sqlite_where=text("is_current = 1"),
            postgresql_where=text("is_current"),
        ),
        # An area's figures by period: its current ones (scorecards, exports, the batches
        # behind them) and one figure's every version (its history). Lookups by series
        # of current figures go through ``uq_observation_current``.
        Index("ix_observation_area_period", "area_id", "period_id"),
        # The figure each revision supersedes (only revisions hold one): the foreign key's
        # check when figures are deleted finds the revisions pointing to them.
        Index("ix_observation_supersedes", "supersedes_id",
              sqlite_where=text("supersedes_id IS NOT NULL"),
              postgresql_where=text("supersedes_id IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("series.id"))
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"))
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id"))
    numerator: Mapped[float | None] = mapped_column(Float)
    denominator: Mapped[float | None] = mapped_column(Float)
    value: Mapped[float | None] = mapped_column(Float)
    lower_ci: Mapped[float | None] = mapped_column(Float)
    upper_ci: Mapped[float | None] = mapped_column(Float)
    ci_level: Mapped[float | None] = mapped_column(Float)
    # Coded words (``store.figure_codes``), read back as words by every reader.
    ci_source: Mapped[int] = mapped_column(SmallInteger, default=0)
    target: Mapped[float | None] = mapped_column(Float)
    status: Mapped[int] = mapped_column(SmallInteger, default=0)
    value_note: Mapped[str | None] = mapped_column(Text)
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    batch_id: Mapped[int] = mapped_column(ForeignKey("upload_batch.id"), index=True)
    origin_id: Mapped[int | None] = mapped_column(ForeignKey("figure_origin.id"))
    cell: Mapped[str | None] = mapped_column(String(160))
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("observation.id"))
    superseded_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


#: The condition "a current figure", written as the partial index ``uq_observation_current``
#: states it (``is_current = 1`` on SQLite, ``is_current = true`` on PostgreSQL): SQLite uses a
#: partial index only for a query carrying that very term, not ``is_current IS 1``.
CURRENT_FIGURE = Observation.is_current == true()


class AuditLog(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user: Mapped[str] = mapped_column(String(120), default="")
    action: Mapped[str] = mapped_column(String(60))
    entity_type: Mapped[str] = mapped_column(String(60), default="")
    entity_id: Mapped[str] = mapped_column(String(120), default="")
    before_json: Mapped[str | None] = mapped_column(Text)
    after_json: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[str | None] = mapped_column(Text)


class UserAccount(Base):
    """Someone who may sign in: a local account (password hash) or a single sign-on identity.

    ``session_version`` is part of the signed session; raising it signs the user out everywhere.
    """

    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(120), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(30))
    area_code: Mapped[str | None] = mapped_column(String(32))
    password_hash: Mapped[str | None] = mapped_column(String(256))
    oidc_subject: Mapped[str | None] = mapped_column(String(255), unique=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class LoginFailure(Base):
    """Recent failed sign-ins for one username (whether or not such an account exists) from
    one client address, or from every address when ``client`` is "", so that every web
    worker applies the same lockout. A row goes once its window has passed."""

    __tablename__ = "login_failure"

    username: Mapped[str] = mapped_column(String(120), primary_key=True)
    client: Mapped[str] = mapped_column(String(64), primary_key=True, default="")
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)


class Job(Base):
    """Heavy work run off the request thread; any instance reads its progress from here."""

    __tablename__ = "job"
    __table_args__ = (Index("ix_job_status_created", "status", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(20), default="queued")
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    message: Mapped[str] = mapped_column(Text, default="")
    payload_json: Mapped[str] = mapped_column(Text, default="{}")
    result_json: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    worker: Mapped[str | None] = mapped_column(String(120))
    #: How many times a runner has claimed the job (a job whose runner died is retried).
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))


class BoardSnapshot(Base):
    """A scorecard frozen by an approver for a Board meeting: exactly what the Board was shown.

    ``payload_json`` is the board-pack content (table, headline, narrative, commentary, chart
    series) as canonical JSON and ``content_hash`` its SHA-256; the PDF and workbook rendered
    from it at freezing time are kept as circulated. Snapshots are never updated.
    """

    __tablename__ = "board_snapshot"
    __table_args__ = (Index("ix_board_snapshot_area_period", "area_code", "period_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    area_code: Mapped[str] = mapped_column(String(32))
    period_key: Mapped[str] = mapped_column(String(80))
    period_label: Mapped[str] = mapped_column(String(60))
    meeting_date: Mapped[dt.date] = mapped_column(Date)
    approver: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    payload_json: Mapped[str] = mapped_column(Text)
    pdf_bytes: Mapped[bytes | None] = mapped_column(LargeBinary)
    xlsx_bytes: Mapped[bytes | None] = mapped_column(LargeBinary)


class Commentary(Base):
    """Narrative and action for one indicator, area and quarter (optionally a breakdown).

    An edit inserts a new row pointing back through ``supersedes_id``, so every version stays;
    approval stamps the version that was approved.
    """

    __tablename__ = "commentary"
    __table_args__ = (Index("ix_commentary_lookup", "indicator_id", "area_code", "period_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_id: Mapped[str] = mapped_column(ForeignKey("indicator.id"))
    area_code: Mapped[str] = mapped_column(String(32))
    period_key: Mapped[str] = mapped_column(String(80))
    breakdown: Mapped[str] = mapped_column(String(80), default="all")
    narrative: Mapped[str] = mapped_column(Text, default="")
    action: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(200), default="")
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    author: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    approved_by: Mapped[str | None] = mapped_column(String(120))
    approved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("commentary.id"))


class ScorecardDefinitionVersion(Base):
    """One version of a partnership's Board scorecard definition (the TOML document).

    Loading or editing a definition adds a version; no version is ever changed or deleted.
    A definition is identified by its partnership and first reporting quarter.
    """

    __tablename__ = "scorecard_definition"
    __table_args__ = (UniqueConstraint("partnership_code", "first_quarter_key", "version",
                                       name="uq_scorecard_definition_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partnership_code: Mapped[str] = mapped_column(String(32), index=True)
    first_quarter_key: Mapped[str] = mapped_column(String(80))
    first_quarter_end: Mapped[dt.date] = mapped_column(Date)
    last_quarter_end: Mapped[dt.date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    document: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(300), default="")
    loaded_by: Mapped[str] = mapped_column(String(120))
    loaded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class CatalogueEntry(Base):
    """An indicator a site added to the shipped catalogue, or a mapping it set on one.

    ``cells_json`` holds catalogue cells by column name: every column for an ``add``, the
    mapping columns (``fingertips_id``, ``ees_indicator``, ...) for a ``map``. A change inserts
    the next ``version`` and leaves the earlier ones, no longer current, as history.
    """

    __tablename__ = "catalogue_entry"
    __table_args__ = (Index("ix_catalogue_entry_current", "indicator_id", "is_current"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_id: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(10))
    cells_json: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class PullRun(Base):
    """One run of fetching published figures from a statistics service, and how it ended."""

    __tablename__ = "pull_run"
    __table_args__ = (Index("ix_pull_run_source_started", "source", "started_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(20))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(20), default="running")
    message: Mapped[str] = mapped_column(Text, default="")
    rows: Mapped[int] = mapped_column(Integer, default=0)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("upload_batch.id"))
    started_by: Mapped[str] = mapped_column(String(120), default="")


class PartnershipProfile(Base):
    """One version of a partnership's profile (``domain.partnerships``), kept as JSON.

    A change adds a version; the newest version of a council is the one in force, and every
    earlier one stays for the record.
    """

    __tablename__ = "partnership_profile"
    __table_args__ = (UniqueConstraint("council_code", "version",
                                       name="uq_partnership_profile_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    council_code: Mapped[str] = mapped_column(String(32), index=True)
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    profile_json: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

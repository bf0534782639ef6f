"""Download routes: the scorecard (CSV, workbook, PDF pack), Board snapshots, chart images.

Every route is under ``/api/exports/`` so the access gate applies its reader rule (and, for a
district viewer, the area check on the query string, read by :mod:`domain.url_state` as the
routes here read it). Files are built on request from the same
stored judgements the pages read; snapshot files come from the frozen content.

    GET /api/exports/scorecard.{csv,xlsx,pdf}?area=CODE&period=LABEL
    GET /api/exports/snapshots/<id>.{csv,xlsx,pdf}
    GET /api/exports/indicator/<indicator_id>.{png,svg,csv}?area=CODE&period=LABEL
    GET /api/exports/districts/<indicator_id>.{png,svg,csv}?period=LABEL&view=districts
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from flask import Blueprint, Flask, Response, abort, request
from flask.typing import ResponseReturnValue

from domain.areas import ENGLAND
from domain.errors import NotFoundError
from domain.periods import Period
from domain.url_state import area_param, quarter_param
from exports.charts import districts_chart, trend_chart
from exports.csv import csv_bytes, header_rows
from exports.tables import rounded_area_frame
from server.context import engine, settings
from services.export_formats import FORMATS
from services.exports import export_scorecard
from services.partnerships import ReadOnlyAreaError
from services.scorecard import latest_reporting_quarter

downloads = Blueprint("downloads", __name__)
CHART_TYPES = {"png": "image/png", "svg": "image/svg+xml", "csv": FORMATS["csv"].media_type}


def _file(data: bytes, filename: str, media_type: str) -> Response:
    response = Response(data, mimetype=media_type.split(";")[0])
    if "charset" in media_type:
        response.headers["Content-Type"] = media_type
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _quarter() -> Period:
    values = request.args.getlist("period")
    try:
        quarter = quarter_param(values) if values else None
    except NotFoundError as error:
        abort(400, str(error))
    if values and quarter is None:
        abort(400, f"{values[0][:40]!r} is not a reporting quarter such as Q3 2016/17.")
    if quarter is not None:
        return quarter
    with engine().connect() as conn:
        latest = latest_reporting_quarter(conn)
    if latest is None:
        abort(404, "There are no figures in the store yet.")
    return latest


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    clean = frame.astype(object).where(frame.notna(), None)
    return [{str(k): v for k, v in row.items()} for row in clean.to_dict("records")]


def _area() -> str:
    """The area the request names, read as the access gate reads it; when it names none, the
    first partnership's council (England in a store without one)."""
    from services.partnerships import default_area
    try:
        named = area_param(request.args.getlist("area"))
    except NotFoundError as error:
        abort(400, str(error))
    if named:
        return named[:32]
    with engine().connect() as conn:
        return default_area(conn) or ENGLAND


@downloads.get("/api/exports/scorecard.<file_format>")
def scorecard_file(file_format: str) -> ResponseReturnValue:
    if file_format not in FORMATS:
        abort(404)
    quarter = _quarter()
    try:
        with engine().connect() as conn:
            exported = export_scorecard(conn, settings(), _area(), quarter, file_format)
    except NotFoundError as error:
        abort(404, str(error))
    except ReadOnlyAreaError as error:
        abort(403, str(error))
    return _file(exported.data, exported.filename, exported.media_type)


@downloads.get("/api/exports/snapshots/<int:snapshot_id>.<file_format>")
def snapshot_file(snapshot_id: int, file_format: str) -> ResponseReturnValue:
    from services.snapshots import get_snapshot, snapshot_export
    if file_format not in FORMATS:
        abort(404)
    try:
        with engine().connect() as conn:
            area = get_snapshot(conn, snapshot_id).area_code
            from server.auth import allowed_area_codes
            allowed = allowed_area_codes()
            if allowed is not None and area not in allowed:
                abort(403)
            data = snapshot_export(conn, snapshot_id, file_format)
    except NotFoundError as error:
        abort(404, str(error))
    chosen = FORMATS[file_format]
    return _file(data, f"board-snapshot-{snapshot_id}.{chosen.extension}", chosen.media_type)


def _header(title: str, period: str) -> list[list[str]]:
    return header_rows(sensitivity=settings().sensitivity, title=title, period=period,
                       produced=dt.date.today())


@downloads.get("/api/exports/indicator/<indicator_id>.<file_format>")
def indicator_file(indicator_id: str, file_format: str) -> ResponseReturnValue:
    from services.indicator_view import indicator_view
    if file_format not in CHART_TYPES:
        abort(404)
    quarter = _quarter()
    try:
        with engine().connect() as conn:
            view = indicator_view(conn, indicator_id, _area(), quarter)
    except NotFoundError as error:
        abort(404, str(error))
    ind = view.indicator
    national = view.comparators[view.comparators["kind"] == "national"] \
        .drop_duplicates("period_label").set_index("period_label")["value"]
    points = view.series.assign(national_value=view.series["period_label"].map(national))
    name = f"{ind.id}-{view.area_code}"
    if file_format == "csv":
        data = csv_bytes(points, _header(f"{ind.title}: {view.area_name}", quarter.label))
        return _file(data, f"{name}.csv", FORMATS["csv"].media_type)
    chart = trend_chart(_records(points), title=ind.title, area_name=view.area_name,
                        decimals=ind.decimals, value_type=ind.value_type.value,
                        unit=ind.unit_label or "", file_format=file_format)
    response = _file(chart.data, f"{name}.{file_format}", chart.media_type)
    response.headers["X-Alt-Text"] = chart.alt.encode("ascii", "replace").decode("ascii")
    return response


@downloads.get("/api/exports/districts/<indicator_id>.<file_format>")
def districts_file(indicator_id: str, file_format: str) -> ResponseReturnValue:
    from services.district_view import district_view
    from services.indicator_view import find_indicator
    if file_format not in CHART_TYPES:
        abort(404)
    try:
        indicator = find_indicator(indicator_id)
        with engine().connect() as conn:
            view = district_view(conn, indicator, request.args.get("period"),
                                 request.args.get("view") or "districts",
                                 area_param(request.args.getlist("area")))
            county_name = view.council_name
    except NotFoundError as error:
        abort(404, str(error))
    from services.district_view import views
    choices = views(view.council)
    shown = choices.get(view.view, choices["districts"])[0]
    name = f"{indicator.id}-{view.view}"
    if file_format == "csv":
        data = csv_bytes(rounded_area_frame(view.areas, indicator.decimals),
                         _header(f"{indicator.title}: {shown}",
                                 view.period_label))
        return _file(data, f"{name}.csv", FORMATS["csv"].media_type)
    county = view.county.value if view.county else None
    areas = _records(view.areas)
    chart = districts_chart(areas, title=indicator.title, period_label=view.period_label,
                            county_value=county, county_name=county_name,
                            decimals=indicator.decimals,
                            value_type=indicator.value_type.value,
                            unit=indicator.unit_label or "", file_format=file_format)
    response = _file(chart.data, f"{name}.{file_format}", chart.media_type)
    response.headers["X-Alt-Text"] = chart.alt.encode("ascii", "replace").decode("ascii")
    return response


def register_downloads(server: Flask) -> None:
    from server.pack_jobs import register_pack_jobs
    server.register_blueprint(downloads)
    register_pack_jobs(server)

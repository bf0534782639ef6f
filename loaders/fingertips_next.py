"""FingertipsNext JSON (``GET /indicators/{id}/data``), read as a Fingertips export.

The answer is one indicator (or a list of them) with ``areaHealthData[]``, each area's
``indicatorSegments[]`` (sex x age x reporting period) and their ``healthData[]`` points
(``datePeriod``, ``value``, ``lowerCi``, ``upperCi``, ``count``, ``deprivation``). Each point
becomes a row of a sheet with the Fingertips API's CSV headings, so the Fingertips layout reads
it: the same catalogue mapping (``fingertips_id``), headline rows, published 95% limits and
periods. ``datePeriod`` gives the period: a ``Financial`` year from 1 April 2013 is "2013/14",
a ``Calendar`` year "2013", an ``Academic`` year "2013/14"; other spans keep their dates.
Points broken down by deprivation are breakdown rows (``Category Type`` "Deprivation").
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any

from loaders.readers import ReadResult, SheetData
from loaders.rules import make_issue
from loaders.safety import FileLimits

HEADER = ["Indicator ID", "Indicator Name", "Area Code", "Area Name", "Sex", "Age",
          "Category Type", "Category", "Time period", "Value", "Lower CI 95.0 limit",
          "Upper CI 95.0 limit", "Count", "Denominator"]


def _period(date_period: dict[str, Any]) -> str:
    kind = str(date_period.get("type", "")).lower()
    start, end = str(date_period.get("from", "")), str(date_period.get("to", ""))
    if len(start) >= 4 and start[:4].isdigit():
        year = int(start[:4])
        if kind in ("financial", "academic"):
            return f"{year}/{(year + 1) % 100:02d}"
        if kind == "calendar":
            return str(year)
    return f"{start} to {end}"


def _label(part: Any) -> str | None:
    return str(part.get("value")) if isinstance(part, dict) and part.get("value") else None


def _rows(indicator: dict[str, Any]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for area in indicator.get("areaHealthData") or []:
        for segment in area.get("indicatorSegments") or []:
            for point in segment.get("healthData") or []:
                deprivation = point.get("deprivation") or {}
                by_deprivation = not deprivation.get("isAggregate", True)
                rows.append([
                    indicator.get("indicatorId"), indicator.get("name"), area.get("areaCode"),
                    area.get("areaName"), _label(segment.get("sex")), _label(segment.get("age")),
                    "Deprivation" if by_deprivation else None,
                    _label(deprivation) if by_deprivation else None,
                    _period(point.get("datePeriod") or {}), point.get("value"),
                    point.get("lowerCi"), point.get("upperCi"), point.get("count"),
                    point.get("denominator")])
    return rows


def read_fingertips_next(path: Path, name: str, limits: FileLimits) -> ReadResult:
    """The JSON answer as one sheet in the Fingertips API's CSV layout."""
    sheet_name = PurePosixPath(name).stem[:31] or "json"
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return ReadResult([], [make_issue("corrupt-file", file=name, kind="JSON text",
                                          reason=str(error)[:200])])
    indicators = data if isinstance(data, list) else [data]
    if not all(isinstance(i, dict) and "areaHealthData" in i for i in indicators):
        return ReadResult([], [make_issue(
            "corrupt-file", file=name, kind="FingertipsNext indicator data",
            reason="it has no 'areaHealthData'; export it from /indicators/{id}/data")])
    rows = [row for indicator in indicators for row in _rows(indicator)]
    if len(rows) > limits.max_rows:
        return ReadResult([], [make_issue("too-many-rows", file=name, sheet=sheet_name,
                                          rows=len(rows), limit=limits.max_rows)])
    return ReadResult([SheetData(sheet_name, [HEADER, *rows])], [])

"""Freezing board-pack content for a Board meeting, and making its files byte-reproducible.

Pure helpers: the store side (saving, reading back, restatements) is in
:mod:`services.snapshots`. A file rendered from frozen content must be byte-identical however
often it is rendered, so every time stamp a format writes is set to the snapshot's creation
time and every identifier is derived from the content hash.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from exports.content import BoardContent
from exports.tables import long_date

#: The earliest time stamp a zip entry can carry.
ZIP_EPOCH = dt.datetime(1980, 1, 1)
_CORE_DATES = re.compile(
    rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:(created|modified)>)")


def frozen_content(content: BoardContent, *, meeting_date: dt.date, approver: str,
                   created_at: dt.datetime) -> BoardContent:
    """``content`` stamped as the snapshot approved by ``approver`` for ``meeting_date``.

    Live-only details (restatement markers) are dropped: a snapshot shows what was current
    when it was taken.
    """
    stamp = created_at.replace(microsecond=0)
    approval = (f"Approved by {approver} on {long_date(stamp.isoformat())} for the Board "
                f"meeting of {long_date(meeting_date.isoformat())}")
    frozen = content.with_meta(produced=stamp.isoformat(), approval=approval,
                               meeting_date=meeting_date.isoformat(), approver=approver)
    return BoardContent(frozen.meta, frozen.rows, frozen.counts, frozen.exceptions,
                        frozen.narrative, frozen.commentary, frozen.series, ())


def w3c_time(when: dt.datetime) -> str:
    """``2017-02-14T10:00:00Z``: the form workbook and PDF metadata use."""
    return when.replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def normalise_zip(data: bytes, when: dt.datetime) -> bytes:
    """Rewrite an Office zip with every entry dated ``when`` and its core dates set to it.

    openpyxl stamps the save time into ``docProps/core.xml`` and each zip entry; both are
    replaced so the same workbook content always gives the same bytes.
    """
    stamp = max(when.replace(microsecond=0, tzinfo=None), ZIP_EPOCH)
    w3c = w3c_time(stamp).encode("ascii")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in sorted(source.namelist(), key=_entry_order):
            body = source.read(name)
            if name == "docProps/core.xml":
                body = _CORE_DATES.sub(lambda m: m.group(1) + w3c + m.group(3), body)
            info = zipfile.ZipInfo(name, date_time=stamp.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, body)
    return out.getvalue()


def _entry_order(name: str) -> tuple[int, str]:
    """``[Content_Types].xml`` first, as Office expects, then by name."""
    return (0 if name == "[Content_Types].xml" else 1, name)


def pdf_identifier(content_hash: str) -> bytes:
    """The PDF file identifier, derived from the content (never random)."""
    return content_hash[:32].encode("ascii")

"""Every sentence the scorecard writes reads as English over the demo store's rows.

The narrative templates (``indicators/narrative.py``), the headline and exception lines
(``indicators/headline.py``) and the pack's own wording (``exports/``) are rendered for the
county and a district in several quarters, as the board pack's HTML; its text is then checked
for the slips a template makes when a field is empty or of an unexpected kind: a doubled
word, "in at", "nan" or "None", empty brackets, stray spaces before punctuation.
"""

from __future__ import annotations

import re
import warnings
from html.parser import HTMLParser

import pytest

from exports.pdf import render_html
from indicators.narrative import outcome_summaries
from services.exports import live_content
from services.scorecard import reporting_quarter, scorecard_view

from .conftest import DemoStore

AREAS = ("E10000017", "E07000117")
QUARTERS = ("Q3 16/17", "Q4 16/17", "Q2 20/21", "Q4 24/25")
SLIPS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("doubled word", re.compile(r"\b([A-Za-z]{2,})\s+\1\b", re.IGNORECASE)),
    ("preposition before 'at'", re.compile(r"\b(?:in|to|of|from|at|on)\s+at\b", re.IGNORECASE)),
    ("missing value", re.compile(r"\b(?:nan|NaN|None|NaT|null|undefined)\b|<NA>")),
    ("empty brackets", re.compile(r"\(\s*\)|\[\s*\]")),
    ("space before punctuation", re.compile(r"\s+[,.;:](?:\s|$)")),
    ("doubled punctuation", re.compile(r"(?<!\.)[,;:]\s*[,;:.]|\.\s*,|(?<!\.)\.\.(?!\.)")),
    ("double space", re.compile(r"\S  +\S")),
)


class _Text(HTMLParser):
    """The visible text of an HTML page, one entry per element's text run."""

    def __init__(self) -> None:
        super().__init__()
        self.runs: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"style", "script", "head"}:
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in {"style", "script", "head"}:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.runs.append(" ".join(data.split()))


def slips(text: str) -> list[str]:
    """Each slip found in ``text``, named, with a little of the text around it."""
    found = []
    for name, pattern in SLIPS:
        for match in pattern.finditer(text):
            start, end = max(match.start() - 40, 0), match.end() + 40
            found.append(f"{name}: ...{text[start:end]}...")
    return found


def test_the_proof_reader_catches_each_slip() -> None:
    for bad in ("The rate in at 31 Mar 2016 (74.0).", "It was the the same.",
                "England (nan in Q4 2015/16).", "Figure () was None.", "Rate , up",
                "It rose..", "It  rose."):
        assert slips(bad), bad
    assert not slips("The rate at 31 Mar 2016 (74.0 per 10,000) had increased... a decline.")


@pytest.fixture(scope="module")
def pack_texts(demo: DemoStore) -> dict[str, str]:
    texts = {}
    with warnings.catch_warnings(), demo.engine.connect() as conn:
        warnings.simplefilter("ignore")
        for area in AREAS:
            for quarter in QUARTERS:
                content = live_content(conn, demo.settings, area, reporting_quarter(quarter))
                parser = _Text()
                parser.feed(render_html(content, {}))
                texts[f"{area} {quarter}"] = "\n".join(parser.runs)
    return texts


def test_board_pack_sentences_read_cleanly(pack_texts: dict[str, str]) -> None:
    problems = [f"{name}: {slip}" for name, text in pack_texts.items()
                for line in text.splitlines() for slip in slips(line)]
    assert not problems, "\n".join(problems[:25])


def test_performance_summaries_read_cleanly(demo: DemoStore) -> None:
    problems = []
    paragraphs = 0
    with warnings.catch_warnings(), demo.engine.connect() as conn:
        warnings.simplefilter("ignore")
        for area in AREAS:
            for quarter in QUARTERS:
                table = scorecard_view(conn, area, reporting_quarter(quarter)).table
                for summary in outcome_summaries(table):
                    for paragraph in summary.paragraphs:
                        paragraphs += 1
                        problems += [f"{area} {quarter}: {s}" for s in slips(paragraph)]
                        assert paragraph.rstrip().endswith((".", ".)")), paragraph
    assert paragraphs > 100
    assert not problems, "\n".join(problems[:25])

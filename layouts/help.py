"""Help: how to read the scorecard, its ratings, symbols, funnels and trends, and how to upload.

URL: ``/help``. Written for two readers: a Board member reading the scorecard and an officer
keeping it up to date. The scorecard's columns and the rating rules are explained from the
tables below, which tests hold to the scorecard's own headers (``layouts._scorecard_table``)
and to every :class:`domain.vocabulary.RagRule`, so a new column or rule cannot go unexplained.
The symbols come from the same dashboard key the scorecard shows.
"""

from __future__ import annotations

from typing import Final

import dash
from dash import dcc, html
from dash.development.base_component import Component

from domain.vocabulary import RagRule
from layouts._components import attrs, dashboard_key

dash.register_page(__name__, path="/help", name="Help", order=80,
                   title="Help - CYPP performance scorecard")

#: What each scorecard column means, keyed by its header.
COLUMN_HELP: Final[dict[str, str]] = {
    "Priority themes and indicators": "The indicator, grouped under its outcome theme. Select "
    "it to open its page: its history, comparators, districts and definition.",
    "Updated?": "A star means a new figure arrived this quarter; blank means the figure is "
    "the one shown last quarter.",
    "Current period": "The period the latest figure covers. Many indicators are published "
    "yearly or with a lag, so this is often earlier than the reporting quarter. A figure "
    "older than its release cycle allows reads \u201clatest available: \u2026\u201d in grey "
    "italics: it is out of date, so it is not rated and is counted separately.",
    "Current": "The latest figure for the area. A \u2020 marks a modelled (illustrative) "
    "figure rather than a published one.",
    "Previous period": "The period of the figure it is compared with.",
    "Previous": "The figure for the previous period.",
    "Change": "Current minus previous, in the indicator's units (percentage points for "
    "percentages), with an arrow coloured by whether the change is good, bad or neither.",
    "Trend": "The direction of travel since the previous figure (\u25b2 increased, \u25bc "
    "decreased, \u25ba no change) with whether that is better or worse; underneath, where at "
    "least five figures exist, the recent-trend test: getting better or worse when the change "
    "is significant (tested at 99.8%), otherwise no significant change.",
    "National": "England's figure, with its period underneath when it differs from the area's.",
    "Regional": "The region's figure, with its period underneath when it differs.",
    "Neighbours": "The average of the area's statistical neighbours (similar councils).",
    "County": "The county's figure, shown when the area is a district or group of districts.",
    "Significance": "Whether the area's figure differs from England's by more than chance "
    "would explain (its 95% confidence interval does not include England's value).",
    "Rating": "Red, amber or green, by the indicator's rule (below). Hover over or focus a "
    "rating to read the sentence that explains it.",
}

#: How each rating rule decides red, amber and green.
RULE_HELP: Final[dict[RagRule, str]] = {
    RagRule.BENCHMARK: "Compared with England: significantly worse is red, similar is amber, "
    "significantly better is green. Where higher is neither good nor bad the rating is grey.",
    RagRule.TARGET: "Compared with a local target: meeting it is green, within the agreed "
    "tolerance is amber, otherwise red.",
    RagRule.TREND: "By the recent trend: getting better is green, no significant change is "
    "amber, getting worse is red.",
    RagRule.RANK: "By position among all English councils (or, where fewer have a figure, "
    "among the council's statistical neighbours), as DfE's LAIT ranks them: the best quarter "
    "is green, the middle two quarters amber, the worst quarter red. Used where no confidence "
    "interval can be built because only the percentage or rate is published.",
    RagRule.COMPARATOR: "Compared with England's value by a stated margin, where only the "
    "figure is published (no counts to test and too few councils' figures to rank): better "
    "beyond the margin is green, within it amber, worse beyond it red. The margin is the "
    "definition's tolerance, else 5% of England's value; it is not a significance test.",
    RagRule.TYPICAL_RANGE: "For a measure with no better or worse direction (a referral or "
    "children-in-need rate), where the figure sits among the council's statistical neighbours' "
    "figures for the same period (all other English councils where fewer than five neighbours "
    "have one): within their middle half is green (in line with similar councils), outside "
    "the middle half but within their whole range amber, outside their whole range red. The "
    "colour flags how unusual the level is, not good or bad performance.",
    RagRule.NONE: "Monitored without a judgement: always grey (not rated).",
}

RULE_NAMES: Final[dict[RagRule, str]] = {
    RagRule.BENCHMARK: "Against England", RagRule.TARGET: "Against a target",
    RagRule.TREND: "By trend", RagRule.RANK: "By rank among councils",
    RagRule.COMPARATOR: "Against England by a margin",
    RagRule.TYPICAL_RANGE: "Within similar councils' range",
    RagRule.NONE: "Not rated",
}

SECTIONS: Final = (("help-columns", "The scorecard's columns"), ("help-ratings", "Ratings"),
                   ("help-symbols", "Symbols"), ("help-funnels", "Funnel plots"),
                   ("help-trends", "Trend charts"), ("help-periods", "Areas and quarters"),
                   ("help-upload", "Uploading figures"))


def _definitions(items: dict[str, str] | dict[RagRule, str],
                 names: dict[RagRule, str] | None = None) -> html.Dl:
    rows = []
    for term, text in items.items():
        label = names[term] if names is not None and isinstance(term, RagRule) else str(term)
        rows += [html.Dt(label), html.Dd(text)]
    return html.Dl(rows)


def _section(section_id: str, title: str, *children: Component) -> html.Section:
    return html.Section([html.H2(title, id=section_id), *children],
                        **attrs({"aria-labelledby": section_id}))


def layout(**_query: str) -> html.Section:
    """The help page (it reads no data, so it is the same for everyone)."""
    titles = dict(SECTIONS)
    return html.Section([
        html.H1("Help: reading and updating the scorecard"),
        html.P("For Board members: what the scorecard shows and how to read it at a glance. "
               "For officers: how figures are checked and loaded.", className="lead"),
        html.Nav(html.Ul([html.Li(html.A(title, href=f"#{sid}")) for sid, title in SECTIONS],
                         className="help-contents"), **attrs({"aria-label": "On this page"})),
        _section("help-columns", titles["help-columns"],
                 html.P("Each row is one indicator; rows are grouped by outcome theme. On a "
                        "phone each indicator is a card with its figure, change and rating. "
                        "Search for an indicator by name, id or theme on the scorecard or "
                        "indicator page."),
                 _definitions(COLUMN_HELP)),
        _section("help-ratings", titles["help-ratings"],
                 html.P("Every rating shows a colour, a symbol and a word, and explains itself "
                        "in a sentence. Each indicator is rated by one rule, set in the "
                        "indicator catalogue:"),
                 _definitions(RULE_HELP, RULE_NAMES)),
        _section("help-symbols", titles["help-symbols"],
                 html.P("The same key appears above every scorecard."),
                 dashboard_key("help-key")),
        _section("help-funnels", titles["help-funnels"],
                 html.P("A funnel plot shows each district's figure (a point) against its "
                        "size (children or events counted, across the bottom). The middle "
                        "line is the county's figure; the curved lines are the 95% and 99.8% "
                        "limits, wider for small districts because small numbers vary more by "
                        "chance. A point outside the 99.8% lines differs from the county by "
                        "more than chance; inside the 95% lines it is similar. Hover over a "
                        "point for the district's name and figure; the table under the chart "
                        "lists every point.")),
        _section("help-trends", titles["help-trends"],
                 html.P("A trend chart shows the area's figures over time with their 95% "
                        "confidence intervals (the bars), beside England and the comparators. "
                        "Look at the direction over several points rather than one change: "
                        "the scorecard's Trend column says whether the recent trend is a "
                        "significant change. Every chart has a table of the same figures "
                        "under it (\u201cShow the figures as a table\u201d).")),
        _section("help-periods", titles["help-periods"],
                 html.P("Every page shows one area and one reporting quarter, chosen with the "
                        "pickers at the top and kept in the address, so a link or bookmark "
                        "opens the same view. The menu keeps the area and quarter as you move "
                        "between pages. A quarter can be written Q3-2016-17, Q3 2016/17 or "
                        "Q3 16/17. Each indicator shows its latest figure as at that quarter."),
                 html.P("To print the scorecard for a meeting use the browser's print: it "
                        "prints the whole table with its ratings on A4 landscape, without the "
                        "menu and pickers. The downloads give the same table as a CSV, a "
                        "workbook or a board pack PDF.")),
        _section("help-upload", titles["help-upload"],
                 html.Ol([
                     html.Li("Download the upload template from the Upload page and fill in "
                             "one row per indicator, area and period."),
                     html.Li("Choose the file and check it. Nothing is saved yet: the "
                             "validation report lists every problem by sheet, row and column, "
                             "and what to do about it, and shows what the file would change."),
                     html.Li("Fix any errors and check again. Warnings can be accepted."),
                     html.Li("Commit the file. The scorecard, ratings and downloads update "
                             "at once, and the batch appears in the history."),
                     html.Li("A committed batch can be rolled back by an approver; figures "
                             "frozen for a Board stay as the Board saw them."),
                 ]),
                 html.P(dcc.Link("Go to the Upload page", href="/upload"))),
    ], className="help-page")

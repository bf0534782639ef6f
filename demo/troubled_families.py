"""The Troubled Families updates to the Trust Board (seed 002), as wide district workbooks.

Tables are transcribed as printed in the November 2016 and February 2017 TFU updates (areas
down the side, figures across). Where the catalogue stores a partition the paper does not print
(families with an older CAF record only, or none), the derived columns are added to the right
of the printed ones, headed as derived; the printed columns are never changed. Tables that
list criteria down the side are turned so that the area is down the side and the criteria are
the column headings, and the table as printed is kept on a sheet of its own for reference.
"""

from __future__ import annotations

from typing import Any

from demo.partnership import demo_profile
from demo.workbooks import WideSheet, WideWorkbook
from loaders.readers import column_letter

#: The demo partnership's council (the county the seed papers report).
LANCASHIRE = demo_profile().council

SOURCE_NOV = "TFU update to the Lancashire CYP Trust Partnership Board, November 2016"
SOURCE_FEB = "TFU update to the Lancashire CYP Trust Partnership Board, February 2017"

#: February 2017 update: families attached at 31 December 2016 by lead professional agency.
ATTACHED_DEC_2016: tuple[tuple[str, int, int, int], ...] = (
    ("Burnley", 212, 155, 367), ("Hyndburn", 185, 150, 335), ("Pendle", 164, 161, 325),
    ("Ribble Valley", 28, 25, 53), ("Rossendale", 129, 106, 235), ("Chorley", 153, 145, 298),
    ("Preston", 260, 250, 510), ("South Ribble", 110, 111, 221),
    ("West Lancashire", 143, 113, 256), ("Fylde", 102, 50, 152), ("Lancaster", 242, 179, 421),
    ("Wyre", 151, 96, 247), ("Lancashire", 1879, 1541, 3420),
)
#: February 2017 update: eligible but not attached, by district, with CAF records.
ELIGIBLE_DEC_2016: tuple[tuple[str, int, int, str, int], ...] = (
    ("Burnley", 314, 52, "17%", 10), ("Hyndburn", 236, 25, "11%", 5),
    ("Pendle", 197, 38, "19%", 2), ("Ribble Valley", 45, 9, "20%", 0),
    ("Rossendale", 164, 15, "9%", 0), ("Chorley", 202, 39, "19%", 3),
    ("Preston", 424, 72, "17%", 6), ("South Ribble", 186, 24, "13%", 3),
    ("West Lancashire", 233, 36, "15%", 8), ("Fylde", 105, 19, "18%", 2),
    ("Lancaster", 313, 41, "13%", 6), ("Wyre", 213, 49, "23%", 8),
    ("Total", 2632, 419, "16%", 53),
)
#: February 2017 update: eligible-not-attached families by pair of criteria ("-" as printed).
CRITERIA_PRINTED = ("Crime/ASB", "Missing education", "Workless-ness", "Domestic abuse",
                    "Health")
CRITERIA_MATRIX: tuple[tuple[Any, ...], ...] = (
    ("Crime/ASB", None, 8, 11, "-", "-"),
    ("Missing education", 8, None, 2582, 31, 3),
    ("Worklessness", 11, 2582, None, 35, 2),
    ("Domestic abuse", "-", 31, 35, None, 1),
    ("Health", "-", 3, 2, 1, None),
)
#: Printed criterion -> catalogue category (tf_criterion_pair joins two with "+").
CRITERION_IDS = ("crime_asb", "education", "worklessness", "domestic_abuse", "health")
#: November 2016 update: the one outstanding criterion of 861 families at 31 October 2016.
OUTSTANDING_OCT_2016: tuple[tuple[str, str, int], ...] = (
    ("Education", "education", 241), ("Worklessness", "worklessness", 375),
    ("Children who need help (CSC)", "children_need_help_csc", 149),
    ("Children who need help (WPEHS)", "children_need_help_wpehs", 88),
    ("Domestic abuse", "domestic_abuse", 7), ("Crime/ASB", "crime_asb", 1),
)
OUTSTANDING_TOTAL = 861
ATTACHED_TARGET = 4303
PBR_TARGET = 1320


def _block(sheet: WideSheet, indicator: str, columns: str, period: str | None,
           breakdown: str = "all", kind: str = "value", source: str = "",
           note: str = "", total: bool = False) -> dict[str, Any]:
    return {"sheet": sheet.name, "indicator_id": indicator, "kind": kind, "area_column": "A",
            "header_row": sheet.header_row, "columns": columns, "period": period,
            "breakdown": breakdown, "total_area": LANCASHIRE if total else None,
            "source": source, "note": note or None}


def _pairs() -> list[tuple[str, Any]]:
    pairs = []
    for i, row in enumerate(CRITERIA_MATRIX):
        for j in range(i + 1, len(CRITERION_IDS)):
            pairs.append((f"{CRITERION_IDS[i]}+{CRITERION_IDS[j]}", row[j + 1]))
    return pairs


def february_2017() -> WideWorkbook:
    """Attached families, eligible-not-attached, criteria pairs and claims at 31 Dec 2016."""
    period = "At 31 Dec 2016"
    attached = WideSheet("Attached", [
        ("", "WPEHS", "CSC", "Total Attached", "2016/17 target (cumulative)"),
        *[(*row, ATTACHED_TARGET if row[0] == "Lancashire" else None)
          for row in ATTACHED_DEC_2016]],
        title=("Number of families attached at 31st December 2016, by lead professional (LP) "
               "agency",))
    eligible = WideSheet("Eligible not attached", [
        ("", "Total Identified", "Number Identified with a CAF Record", "% with CAF Record",
         "Number with an OPEN CAF Record (open after 1st April 2016)",
         "Older CAF record only (derived: with a CAF record minus open)",
         "No CAF record (derived: total identified minus with a CAF record)"),
        *[(*row, row[2] - row[4], row[1] - row[2]) for row in ELIGIBLE_DEC_2016]],
        title=("Eligible but not attached: breakdown by district (with CAF), current position "
               "at 31st December 2016",),
        footnotes=("The last two columns are derived from the printed ones so that the three "
                   "groups (open, older only, none) add up to the total identified.",))
    pairs = _pairs()
    criteria = WideSheet("Criteria pairs", [("", *[p for p, _ in pairs]),
                                            ("Lancashire", *[v for _, v in pairs])],
                         title=("Eligible but not attached families meeting each pair of "
                                "criteria (the table on sheet 'Criteria as published', "
                                "turned)",),
                         footnotes=("'-' is printed where the paper shows '-'.",))
    printed = WideSheet("Criteria as published",
                        [("", *CRITERIA_PRINTED), *CRITERIA_MATRIX],
                        title=("TFU Criteria, as printed in the February 2017 update",))
    claims = WideSheet("PBR claims", [("", "Claims submitted", "Target 2016/17"),
                                      ("Lancashire", 46, PBR_TARGET)],
                       title=("Payment by results claims submitted by 31st December 2016",))
    mapping = [
        _block(attached, "tf_families_attached", "B:C", period, "header", source=SOURCE_FEB),
        _block(attached, "tf_families_attached", "D", period, source=SOURCE_FEB),
        _block(attached, "tf_families_attached", "E", period, kind="target",
               source=SOURCE_FEB),
        _block(eligible, "tf_eligible_not_attached", "B", period, total=True, source=SOURCE_FEB),
        _block(eligible, "tf_eligible_not_attached", "E", period, "open_caf_record",
               total=True, source=SOURCE_FEB),
        _block(eligible, "tf_eligible_not_attached", "F", period, "older_caf_record",
               total=True, source=SOURCE_FEB,
               note="Derived: families with a CAF record minus those with an open one."),
        _block(eligible, "tf_eligible_not_attached", "G", period, "no_caf_record",
               total=True, source=SOURCE_FEB,
               note="Derived: families identified minus those with a CAF record."),
        _block(criteria, "tf_criteria_cooccurrence", f"B:{column_letter(len(pairs))}", period,
               "header", source=SOURCE_FEB),
        _block(claims, "tf_pbr_claims", "B", period, source=SOURCE_FEB,
               note="About 320 claims projected for 2016/17 (February 2017 update)."),
        _block(claims, "tf_pbr_claims", "C", period, kind="target", source=SOURCE_FEB),
    ]
    return WideWorkbook([attached, eligible, criteria, printed, claims], mapping)


def november_2016() -> WideWorkbook:
    """Attached and eligible families, outstanding criteria at 31 Oct 2016 (county only)."""
    attached = WideSheet("Attached", [
        ("", "At 31 Mar 2016", "At 31 Oct 2016", "2016/17 target (cumulative)"),
        ("Lancashire", 1470, 3058, ATTACHED_TARGET)],
        title=("Families attached to the programme: 1,470 in 2015/16; 3,058 by 31st October "
               "2016",))
    eligible = WideSheet("Eligible not attached", [("", "At 31 Oct 2016"), ("Lancashire", 713)],
                         title=("Families identified as eligible through data matching but not "
                                "open to WPEHS or CSC",))
    outstanding = WideSheet("Outstanding criteria", [
        ("", *[code for _, code, _ in OUTSTANDING_OCT_2016], "Total"),
        ("Lancashire", *[n for _, _, n in OUTSTANDING_OCT_2016], OUTSTANDING_TOTAL)],
        title=("Attached families with only one outstanding criterion at 31st October 2016",),
        footnotes=tuple(f"{code}: {label}" for label, code, _ in OUTSTANDING_OCT_2016))
    period = "At 31 Oct 2016"
    n = len(OUTSTANDING_OCT_2016)
    mapping = [
        _block(attached, "tf_families_attached", "B:C", None, source=SOURCE_NOV),
        _block(attached, "tf_families_attached", "D", period, kind="target", source=SOURCE_NOV),
        _block(eligible, "tf_eligible_not_attached", "B", None, source=SOURCE_NOV),
        _block(outstanding, "tf_one_outstanding_criterion", f"B:{column_letter(n)}", period,
               "header", source=SOURCE_NOV),
        _block(outstanding, "tf_one_outstanding_criterion", column_letter(n + 1), period,
               source=SOURCE_NOV),
    ]
    notes = ("Payment by results at 31st October 2016 (November 2016 update): 10 families had "
             "achieved significant and sustained progress and were being checked for "
             "compliance; 117 were being tracked towards it; 366 cases were being tracked for "
             "continuous employment; 30 claims were to be submitted by the end of November. "
             "These are not claims submitted, so they are kept here as context.",)
    return WideWorkbook([attached, eligible, outstanding], mapping, notes)

"""The totals table as CSV, for the report page and the API (one writer for both)."""

import csv

from django.http import HttpResponse

from rightthere.timetracking.totals import GROUPINGS, Totals

# A spreadsheet runs a cell starting with these as a formula; customer names are
# typed by outsiders, so such a name is written with a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = ["id", "billable_minutes", "non_billable_minutes", "total_minutes"]


def _cell(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def totals_csv(totals: Totals) -> HttpResponse:
    """One row per person, customer or case, in the order the page shows them."""
    period = totals.period
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"time-by-{totals.by}-{period.first.isoformat()}-to-{period.last.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow([GROUPINGS[totals.by].lower(), *COLUMNS])
    for row in totals.rows:
        writer.writerow([_cell(row.label), row.key, row.billable, row.non_billable, row.total])
    return response

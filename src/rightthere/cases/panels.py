"""A panel another app adds to the case page (promises, checklist, recovery, ...).

Each app builds its own with a function `(user, case) -> Panel | None`; the case
page lists them, in order, in `cases.views.panels`.
"""

from dataclasses import dataclass, field
from typing import Any, Literal

from django.db import models


@dataclass
class Panel:
    template: str
    placement: Literal["main", "side"] = "side"
    context: dict[str, Any] = field(default_factory=dict)


# A panel's rows, asked about in the case page's own query: a flag name and the model
# whose rows (by their `case`) the panel shows. The page annotates its case with one
# EXISTS a flag (`cases.views.panels.with_panel_flags`) instead of each panel
# querying a table that, on most cases, has nothing for it (#23).
PanelRows = dict[str, type[models.Model]]


def may_have(case: Any, flag: str) -> bool:
    """Whether the case may have the rows of `flag`: False only when the case page's
    query found none; a case fetched elsewhere (a panel alone, a refresh) has no flag,
    and its panel looks for itself."""
    return bool(getattr(case, flag, True))

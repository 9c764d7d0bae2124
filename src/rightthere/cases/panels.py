"""A panel another app adds to the case page (promises, checklist, recovery, ...).

Each app builds its own with a function `(user, case) -> Panel | None`; the case
page lists them, in order, in `cases.views.panels`.
"""

from dataclasses import dataclass, field
from typing import Any, Literal


@dataclass
class Panel:
    template: str
    placement: Literal["main", "side"] = "side"
    context: dict[str, Any] = field(default_factory=dict)

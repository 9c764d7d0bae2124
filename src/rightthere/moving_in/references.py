"""An imported case's reference in the desk it came from ("ZD-1234", helpdesk's
"[support-12]"), found by the search (registered in apps.py)."""

import re

from rightthere.moving_in.models import ImportedRecord, RecordKind

_SHAPE = re.compile(r"^[\w.-]+-\d+$")


def cases_with_old_reference(text: str) -> list[int]:
    """The cases imported under this old reference; [] for text shaped otherwise."""
    wanted = text.strip().strip("[]#").strip().upper()
    if not _SHAPE.match(wanted) or len(wanted) > 120:
        return []
    return list(
        ImportedRecord.objects.filter(kind=RecordKind.CASE, old_reference=wanted).values_list(
            "target_id", flat=True
        )
    )

"""Right first time, returns by reason and root cause, the cost of rework, vendor quality."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from rightthere.field.models import (
    FieldSettings,
    Outcome,
    PartOrder,
    ReturnReason,
    Visit,
    VisitStatus,
)


@dataclass
class VendorQuality:
    vendor_id: int
    vendor: str
    orders: int
    wrong: int
    defective: int

    @property
    def bad_rate(self) -> float:
        return (self.wrong + self.defective) / self.orders if self.orders else 0.0


@dataclass
class CauseCount:
    """A root cause of the owner's list (None, "": none was recorded) and its count."""

    id: int | None
    name: str
    count: int


@dataclass
class QualityReport:
    start: datetime
    end: datetime
    cases: int = 0
    first_time: int = 0
    not_first_time_by_root_cause: list[CauseCount] = field(default_factory=list)
    not_first_time_case_ids: list[int] = field(default_factory=list)
    returns_by_reason: dict[str, int] = field(default_factory=dict)
    returns_by_root_cause: list[CauseCount] = field(default_factory=list)
    extra_visits: int = 0
    extra_visit_hours: Decimal = Decimal("0")
    extra_visit_cost: Decimal = Decimal("0")
    reordered_parts_cost: Decimal = Decimal("0")
    vendors: list[VendorQuality] = field(default_factory=list)

    @property
    def right_first_time_rate(self) -> float | None:
        return self.first_time / self.cases if self.cases else None

    @property
    def rework_cost(self) -> Decimal:
        return self.extra_visit_cost + self.reordered_parts_cost

    @property
    def returns(self) -> int:
        """Visits that ended needing a return, in the period."""
        return sum(self.returns_by_reason.values())


def _by_cause(
    counts: Counter[tuple[int | None, str]], offered: Iterable[tuple[int, str]]
) -> list[CauseCount]:
    """Every offered cause in the list's order (zero included), then hidden ones counted."""
    rows = [CauseCount(pk, name, counts.pop((pk, name), 0)) for pk, name in offered]
    return rows + [CauseCount(pk, name, n) for (pk, name), n in counts.items() if n]


def quality_report(
    start: datetime, end: datetime, offered: Iterable[tuple[int, str]] = ()
) -> QualityReport:
    """Figures for cases whose first visit had its outcome recorded in [start, end).
    Returns by root cause list `offered` (the owner's list: id, name, in its order) first,
    zero included; causes hidden since follow when counted."""
    settings = FieldSettings.current()
    report = QualityReport(start=start, end=end)
    recorded = Visit.objects.exclude(outcome="").exclude(status=VisitStatus.CANCELLED)
    first_by_case: dict[int, tuple[str, tuple[int | None, str]]] = {}
    in_period = recorded.filter(
        case__in=recorded.filter(outcome_at__gte=start, outcome_at__lt=end).values("case")
    ).order_by("case_id", "starts_at", "id")
    for case_id, outcome, cause_id, cause, outcome_at in in_period.values_list(
        "case_id", "outcome", "root_cause_id", "root_cause__name", "outcome_at"
    ):
        if case_id not in first_by_case:
            inside = outcome_at is not None and start <= outcome_at < end
            first_by_case[case_id] = (
                (outcome, (cause_id, cause or "")) if inside else ("", (None, ""))
            )
    counted = {k: v for k, v in first_by_case.items() if v[0]}
    report.cases = len(counted)
    report.first_time = sum(1 for outcome, _ in counted.values() if outcome == Outcome.FIXED)
    report.not_first_time_case_ids = sorted(
        k for k, (outcome, _) in counted.items() if outcome != Outcome.FIXED
    )
    report.not_first_time_by_root_cause = _by_cause(
        Counter(cause for outcome, cause in counted.values() if outcome != Outcome.FIXED), ()
    )
    returns = recorded.filter(
        outcome=Outcome.RETURN_NEEDED, outcome_at__gte=start, outcome_at__lt=end
    )
    reasons = Counter(returns.values_list("return_reason", flat=True))
    causes: Counter[tuple[int | None, str]] = Counter(
        (pk, name or "") for pk, name in returns.values_list("root_cause_id", "root_cause__name")
    )
    report.returns_by_reason = {r.value: reasons.get(r.value, 0) for r in ReturnReason}
    report.returns_by_root_cause = _by_cause(causes, offered)
    extra = Visit.objects.filter(
        return_of__isnull=False, status=VisitStatus.DONE, done_at__gte=start, done_at__lt=end
    ).values_list("starts_at", "ends_at")
    hours = sum((Decimal((e - s).total_seconds()) / 3600 for s, e in extra), Decimal("0"))
    report.extra_visits = len(extra)
    report.extra_visit_hours = hours.quantize(Decimal("0.01"))
    report.extra_visit_cost = (hours * settings.rework_hourly_cost).quantize(Decimal("0.01"))
    orders = PartOrder.objects.filter(ordered_at__gte=start, ordered_at__lt=end).select_related(
        "vendor"
    )
    per_vendor: dict[int, VendorQuality] = {}
    reordered = Decimal("0")
    for order in orders:
        quality = per_vendor.setdefault(
            order.vendor_id, VendorQuality(order.vendor_id, order.vendor.name, 0, 0, 0)
        )
        quality.orders += 1
        quality.wrong += order.wrong_part
        quality.defective += order.defective
        if order.for_failed_visit_id is not None:
            reordered += order.total_cost
    report.reordered_parts_cost = reordered
    report.vendors = sorted(per_vendor.values(), key=lambda v: (-v.bad_rate, v.vendor))
    return report


def counts_by_label(counts: dict[str, int], choices: type[ReturnReason]) -> list[tuple[str, int]]:
    labels = {value: str(label) for value, label in choices.choices}
    return [(labels.get(key, key or "not given"), value) for key, value in counts.items()]

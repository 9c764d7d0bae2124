"""The reviews inbox's numbers: what is new, answer times and the rating trend."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median

from django.db.models import Avg, Count, QuerySet
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy

from rightthere.reviews.models import Match, Review

TABS = {
    "new": (gettext_lazy("New"), lambda qs: qs.filter(responded_at__isnull=True)),
    "responded": (gettext_lazy("Responded"), lambda qs: qs.filter(responded_at__isnull=False)),
    "unsure": (gettext_lazy("Confirm the customer"), lambda qs: qs.filter(match=Match.UNSURE)),
    "bad": (gettext_lazy("Bad reviews"), lambda qs: qs.filter(case__isnull=False)),
    "all": (gettext_lazy("All"), lambda qs: qs),
}


@dataclass(frozen=True)
class PlatformTrend:
    platform: str
    reviews: int
    average: float | None
    months: list[tuple[date, float | None, int]]  # (month, average rating, reviews)


def reviews_in(tab: str, platform: str = "") -> QuerySet[Review]:
    queryset = TABS.get(tab, TABS["new"])[1](Review.objects.all())
    if platform:
        queryset = queryset.filter(platform=platform)
    return queryset.select_related("customer", "case", "suggested_customer")


def tab_counts() -> dict[str, int]:
    return {slug: check(Review.objects.all()).count() for slug, (_, check) in TABS.items()}


def median_response_time() -> timedelta | None:
    times = [
        r.response_time
        for r in Review.objects.filter(responded_at__isnull=False).only(
            "posted_at", "imported_at", "responded_at"
        )[:1000]
        if r.response_time is not None
    ]
    if not times:
        return None
    return timedelta(seconds=median(t.total_seconds() for t in times))


def rating_trend(now: datetime, months: int = 6) -> list[PlatformTrend]:
    """Average rating per platform and month, over the last `months` months."""
    first = (now.date().replace(day=1) - timedelta(days=31 * (months - 1))).replace(day=1)
    rows = (
        Review.objects.filter(posted_at__date__gte=first)
        .annotate(month=TruncMonth("posted_at"))
        .values("platform", "month")
        .annotate(average=Avg("rating"), reviews=Count("id"))
        .order_by("platform", "month")
    )
    by_platform: dict[str, dict[date, tuple[float | None, int]]] = {}
    for row in rows:
        month = row["month"].date() if isinstance(row["month"], datetime) else row["month"]
        by_platform.setdefault(row["platform"], {})[month] = (row["average"], row["reviews"])
    calendar = []
    month = first
    for _ in range(months):
        calendar.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    totals = {
        row["platform"]: row
        for row in Review.objects.values("platform").annotate(
            average=Avg("rating"), reviews=Count("id")
        )
    }
    return [
        PlatformTrend(
            platform=platform,
            reviews=totals[platform]["reviews"],
            average=totals[platform]["average"],
            months=[(m, *by_platform.get(platform, {}).get(m, (None, 0))) for m in calendar],
        )
        for platform in sorted(totals)
    ]

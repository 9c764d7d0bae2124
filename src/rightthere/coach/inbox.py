"""The "Upset customers" inbox view: cases with a very negative customer message."""

from django.db.models import Q

from rightthere.coach.models import MessageSentiment


def upset_customers() -> Q:
    return Q(pk__in=MessageSentiment.objects.filter(upset=True).values("case_id"))

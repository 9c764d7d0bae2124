"""Online reviews that reach the desk: a bad one opens a complaint case.

Receiving a review (the webhook, a file import) and saying who wrote an
unsure one both end here, so a bad review opens the same complaint case,
through the same `open_case` as every other channel, whichever door it came
through.
"""

from django.db import transaction

from rightthere.accounts.models import User
from rightthere.cases.models import Case, Channel, Direction, Kind, Priority
from rightthere.customers.models import Customer
from rightthere.desk.opening import open_case
from rightthere.reviews import actions as review_actions
from rightthere.reviews.models import Review, ReviewImport
from rightthere.reviews.parsing import ReviewRow
from rightthere.webhooks import events as webhooks
from rightthere.webhooks.models import EventType


def open_complaint(review: Review) -> Case:
    """Open the complaint case for a bad review.

    In order: the customer (a new one for an author we do not know); the case
    opens through `open_case` as a high-priority complaint from the review
    channel, the review's text (and link) as the customer's first message, so
    the recovery playbook starts; then the review is linked to its case."""
    complaint = review_actions.prepare_complaint(review)
    case = open_case(
        actor=None,
        subject=complaint.subject,
        customer=complaint.customer,
        contact=complaint.contact,
        channel=Channel.REVIEW,
        kind=Kind.COMPLAINT,
        priority=Priority.HIGH,
        body_text=complaint.body_text,
        direction=Direction.INBOUND,
    )
    review_actions.link_case(review, case)
    return case


@transaction.atomic
def receive_review(row: ReviewRow) -> tuple[Review, bool]:
    """Take in a review once per platform + id; returns (review, created).

    In order: the review is stored and matched to a customer (a repeat is
    returned as it is); then a new bad review opens its complaint case
    (`open_complaint`), unless the customer is unsure: then the case opens when
    someone confirms who wrote it (`confirm_customer`); last, the `review.received`
    webhook (after the complaint's `case.opened`)."""
    review, created = review_actions.store_review(row)
    if not created:
        return review, created
    case = open_complaint(review) if review_actions.wants_complaint(review) else None
    webhooks.emit(EventType.REVIEW_RECEIVED, case=case, data={"review": {
        "id": review.pk, "platform": review.platform, "external_id": review.external_id,
        "author": review.author, "rating": review.rating, "text": review.text,
        "posted_at": review.posted_at, "url": review.url or None,
        "sentiment": round(review.sentiment, 3), "match": review.match,
        "customer_id": review.customer_id,
    }})  # fmt: skip
    return review, created


@transaction.atomic
def confirm_customer(review: Review, *, actor: User | None, customer: Customer | None) -> Review:
    """Say who wrote the review (None: a new customer).

    In order: the review's checks and its confirmed customer; then a bad review
    opens its complaint case (`open_complaint`)."""
    review = review_actions.set_confirmed_customer(review, actor=actor, customer=customer)
    if review_actions.wants_complaint(review):
        open_complaint(review)
    return review


def run_import(review_import: ReviewImport, batch: int = 100) -> ReviewImport:
    """Import a previewed file of reviews, in batches.

    In order: the import is marked running; each row is received as by
    `receive_review` (each in its own transaction: stored once, a bad one opens
    its case), and the progress is saved after each batch; the import is marked
    done. Returns the import with its counts."""
    rows = review_actions.begin_import(review_import)
    created = duplicates = 0
    for start in range(0, len(rows), batch):
        for row in rows[start : start + batch]:
            _, new = receive_review(row)
            created, duplicates = created + new, duplicates + (not new)
        review_actions.record_import_progress(
            review_import,
            processed=min(start + batch, len(rows)),
            created=created,
            duplicates=duplicates,
        )
    return review_actions.finish_import(review_import, total=len(rows))

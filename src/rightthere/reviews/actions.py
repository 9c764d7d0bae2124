"""Every write to reviews: receiving one (import, webhook), matching, answering.

A bad review (rated 2 or less, or strongly negative) opens a complaint case
through the same `open_case` as every other channel, so the recovery
playbook starts.
"""

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from rightthere.accounts.models import User
from rightthere.cases import actions as case_actions
from rightthere.cases.models import Channel, Direction, Kind, Priority
from rightthere.coach.actions import check_draft
from rightthere.coach.sentiment import text_score
from rightthere.core.errors import InvalidInput, NotAllowed
from rightthere.customers.actions import create_customer
from rightthere.customers.models import Contact, Customer
from rightthere.reviews.models import ImportStatus, Match, Review, ReviewImport
from rightthere.reviews.parsing import ReviewRow, parse_file

MAX_RESPONSE_CHARS = 5000


def can_manage_reviews(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.sees_all_cases


def check_manager(actor: User | None) -> None:
    if actor is not None and not can_manage_reviews(actor):
        raise NotAllowed("Only owners and agents work on reviews.")


def match_customer(author: str, email: str) -> tuple[Customer | None, str, Customer | None]:
    """(customer, how it matched, suggestion when unsure). E-mail first, then the name."""
    if email:
        contact = Contact.objects.filter(email__iexact=email).select_related("customer").first()
        if contact is not None:
            return contact.customer, Match.EMAIL, None
    name = " ".join(author.split())
    if not name or name.lower() == "anonymous":
        return None, Match.NONE, None
    exact = list(
        Customer.objects.filter(Q(name__iexact=name) | Q(contacts__name__iexact=name)).distinct()[
            :2
        ]
    )
    if len(exact) == 1 and " " in name:
        return exact[0], Match.NAME, None
    if exact:
        return None, Match.UNSURE, exact[0]
    first, *rest = name.split(" ")
    partial = Customer.objects.filter(name__istartswith=f"{first} ")
    if rest:
        partial = partial.filter(name__icontains=f" {rest[-1].rstrip('.')}")
    suggestion = partial.first() if rest else None
    if suggestion is not None:
        return None, Match.UNSURE, suggestion
    return None, Match.NONE, None


def _open_complaint(review: Review) -> None:
    customer = review.customer
    if customer is None:
        customer = create_customer(name=review.author, contact_email=review.author_email)
        review.customer = customer
    contact = customer.contacts.first()
    stars = f"{review.rating}★ " if review.rating else ""
    body = "\n\n".join(p for p in (review.text, review.url) if p) or "(a rating without text)"
    from rightthere.desk.opening import (
        open_case,  # TODO(#15): a review opening a case is a use case
    )

    case = open_case(
        actor=None,
        subject=f"{stars}review on {review.platform} by {review.author}"[:250],
        customer=customer,
        contact=contact,
        channel=Channel.REVIEW,
        kind=Kind.COMPLAINT,
        priority=Priority.HIGH,
        body_text=body,
        direction=Direction.INBOUND,
    )
    review.case = case
    review.save(update_fields=["case", "customer"])


@transaction.atomic
def receive_review(row: ReviewRow) -> tuple[Review, bool]:
    """Store a review once per platform + id; returns (review, created).

    A bad review opens a complaint case, unless the customer is unsure: then
    the case opens when someone confirms who wrote it.
    """
    existing = Review.objects.filter(platform=row.platform, external_id=row.external_id).first()
    if existing is not None:
        return existing, False
    now = timezone.now()
    customer, match, suggestion = match_customer(row.author, row.email)
    try:
        with transaction.atomic():
            review = Review.objects.create(
                platform=row.platform, external_id=row.external_id, author=row.author,
                author_email=row.email, rating=row.rating, text=row.text,
                posted_at=row.posted_at or now, url=row.url,
                sentiment=text_score(row.text) if row.text else 0.0,
                customer=customer, match=match, suggested_customer=suggestion, imported_at=now,
            )  # fmt: skip
    except IntegrityError:  # the same review arrived at the same moment
        return Review.objects.get(platform=row.platform, external_id=row.external_id), False
    if review.is_bad and match != Match.UNSURE:
        _open_complaint(review)
    return review, True


@transaction.atomic
def confirm_customer(review: Review, *, actor: User | None, customer: Customer | None) -> Review:
    """Say who wrote the review (None: a new customer); a bad review then opens its case."""
    check_manager(actor)
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.case_id is not None:
        raise InvalidInput("The review already has a case; change the customer on the case.")
    review.customer = customer
    review.match = Match.CONFIRMED
    review.save(update_fields=["customer", "match"])
    if review.is_bad:
        _open_complaint(review)
    return review


@transaction.atomic
def respond_to_review(review: Review, *, actor: User | None, text: str) -> Review:
    """Record our public answer, after the reply check (its open findings are kept)."""
    check_manager(actor)
    text = text.strip().replace("\x00", "")
    if not text:
        raise InvalidInput("Write the answer before saving it.")
    if len(text) > MAX_RESPONSE_CHARS:
        raise InvalidInput(f"The answer is too long (at most {MAX_RESPONSE_CHARS:,} characters).")
    findings = check_draft(text, complaint=review.is_bad)
    review.response_text = text
    review.response_findings = [
        {"category": f.category, "text": f.text, "start": f.start, "end": f.end} for f in findings
    ]
    review.responded_at = timezone.now()
    review.responded_by = actor
    review.save(update_fields=["response_text", "response_findings", "responded_at",
                               "responded_by"])  # fmt: skip
    if review.case is not None:
        case_actions.record_message(
            review.case, actor=actor, direction=Direction.NOTE,
            body_text=f"Answered the review on {review.platform}:\n\n{text}",
        )  # fmt: skip
    return review


def start_import(*, actor: User, filename: str, content: str, file_format: str) -> ReviewImport:
    """Parse a file for the preview; nothing is imported until `run_import`."""
    check_manager(actor)
    parsed = parse_file(content, file_format)
    return ReviewImport.objects.create(
        created_by=actor,
        filename=filename[:255],
        file_format=file_format,
        content=content,
        total_rows=len(parsed.rows),
        errors=[{"line": e.line, "message": e.message} for e in parsed.errors],
    )


def run_import(review_import: ReviewImport, batch: int = 100) -> ReviewImport:
    """Import the parsed rows in batches, saving progress after each batch."""
    ReviewImport.objects.filter(pk=review_import.pk).update(status=ImportStatus.RUNNING)
    rows = parse_file(review_import.content, review_import.file_format).rows
    created = duplicates = 0
    for start in range(0, len(rows), batch):
        created_now, duplicates_now = _import_batch(row for _, row in rows[start : start + batch])
        created, duplicates = created + created_now, duplicates + duplicates_now
        ReviewImport.objects.filter(pk=review_import.pk).update(
            processed_rows=min(start + batch, len(rows)),
            created_reviews=created,
            duplicates=duplicates,
        )
    ReviewImport.objects.filter(pk=review_import.pk).update(
        status=ImportStatus.DONE, finished_at=timezone.now(), processed_rows=len(rows)
    )
    review_import.refresh_from_db()
    return review_import


def _import_batch(rows: Iterable[ReviewRow]) -> tuple[int, int]:
    created = duplicates = 0
    for row in rows:
        _, new = receive_review(row)
        created, duplicates = created + new, duplicates + (not new)
    return created, duplicates

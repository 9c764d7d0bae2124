"""Every write to reviews: storing one (import, webhook), matching, answering.

A bad review (rated 2 or less, or strongly negative) opens a complaint case:
that is the desk's use case (`rightthere.desk.reviews`), which opens it
through the same `open_case` as every other channel, so the recovery playbook
starts; here are the review's own writes before and after.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from rightthere.accounts import roles
from rightthere.accounts.models import User
from rightthere.cases import actions as case_actions
from rightthere.cases.models import Case, Direction
from rightthere.coach.actions import check_draft
from rightthere.coach.sentiment import text_score
from rightthere.core.errors import InvalidInput
from rightthere.customers.actions import create_customer
from rightthere.customers.models import Contact, Customer
from rightthere.reviews.models import ImportStatus, Match, Review, ReviewImport
from rightthere.reviews.parsing import ReviewRow, parse_file

MAX_RESPONSE_CHARS = 5000


def can_manage_reviews(user: User) -> bool:
    return roles.is_manager(user)


def check_manager(actor: User | None) -> None:
    roles.check_manager(actor, gettext("work on reviews"))


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


def wants_complaint(review: Review) -> bool:
    """A bad review opens a complaint case once we know who wrote it (and only once)."""
    return review.is_bad and review.match != Match.UNSURE and review.case_id is None


@dataclass(frozen=True)
class Complaint:
    """What a bad review's complaint case opens with."""

    customer: Customer
    contact: Contact | None
    subject: str
    body_text: str


def prepare_complaint(review: Review) -> Complaint:
    """The customer the case is for (a new customer for an author we do not know,
    set on the review and saved by `link_case`), the subject and the text."""
    customer = review.customer
    if customer is None:
        customer = create_customer(name=review.author, contact_email=review.author_email)
        review.customer = customer
    stars = f"{review.rating}★ " if review.rating else ""
    body = "\n\n".join(p for p in (review.text, review.url) if p) or "(a rating without text)"
    return Complaint(
        customer=customer,
        contact=customer.contacts.first(),
        # The subject is in every mail the customer gets about it: written to them.
        subject=f"Your {stars}review on {review.platform.title()}"[:250],
        body_text=body,
    )


def link_case(review: Review, case: Case) -> Review:
    """The review points to the complaint case opened for it (and to its customer)."""
    review.case = case
    review.save(update_fields=["case", "customer"])
    return review


@transaction.atomic
def store_review(row: ReviewRow) -> tuple[Review, bool]:
    """Store a review once per platform + id, matched to a customer where we can;
    returns (review, created). Opening its case is the desk's
    (`desk.reviews.receive_review`)."""
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
    return review, True


@transaction.atomic
def set_confirmed_customer(
    review: Review, *, actor: User | None, customer: Customer | None
) -> Review:
    """Say who wrote the review (None: a new customer, made when its case opens).
    Opening a bad review's case is the desk's (`desk.reviews.confirm_customer`)."""
    check_manager(actor)
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.case_id is not None:
        raise InvalidInput(
            gettext("The review already has a case; change the customer on the case.")
        )
    review.customer = customer
    review.match = Match.CONFIRMED
    review.save(update_fields=["customer", "match"])
    return review


@transaction.atomic
def respond_to_review(review: Review, *, actor: User | None, text: str) -> Review:
    """Record our public answer, after the reply check (its open findings are kept)."""
    check_manager(actor)
    text = text.strip().replace("\x00", "")
    if not text:
        raise InvalidInput(gettext("Write the answer before saving it."))
    if len(text) > MAX_RESPONSE_CHARS:
        raise InvalidInput(
            gettext("The answer is too long (at most %(max)s characters).")
            % {"max": f"{MAX_RESPONSE_CHARS:,}"}
        )
    findings = check_draft(text, complaint=review.is_bad, flags_only=True)
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
    """Parse a file for the preview; nothing is imported until `desk.reviews.run_import`."""
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


def begin_import(review_import: ReviewImport) -> list[ReviewRow]:
    """Mark the import running; returns its rows, in file order, to receive."""
    ReviewImport.objects.filter(pk=review_import.pk).update(status=ImportStatus.RUNNING)
    return [row for _, row in parse_file(review_import.content, review_import.file_format).rows]


def record_import_progress(
    review_import: ReviewImport, *, processed: int, created: int, duplicates: int
) -> None:
    """Saved after each batch, for the progress shown on the import page."""
    ReviewImport.objects.filter(pk=review_import.pk).update(
        processed_rows=processed, created_reviews=created, duplicates=duplicates
    )


def finish_import(review_import: ReviewImport, *, total: int) -> ReviewImport:
    """Mark the import done; returns it as saved."""
    ReviewImport.objects.filter(pk=review_import.pk).update(
        status=ImportStatus.DONE, finished_at=timezone.now(), processed_rows=total
    )
    review_import.refresh_from_db()
    return review_import

"""What customers said about Brightside: online reviews and satisfaction answers.

Olivia imports a file of reviews the way she would from the Reviews page
(`reviews.actions.start_import`, then `desk.reviews.run_import`, which receives each
one through `desk.reviews.receive_review`), so the bad one opens its complaint case
and the recovery playbook starts; she hands it to Adam, who apologises, and the
customer answers. Customers whose cases were solved in the last weeks were asked the
one satisfaction question (`satisfaction.sending.ask_customer`) and most answered with
a click (`satisfaction.actions.answer_case`).
"""

import csv
import io
import random
from datetime import datetime, timedelta

from django.utils import timezone

from rightthere.cases.models import Case, Kind
from rightthere.demo.cast import Cast
from rightthere.demo.clock import clock_at
from rightthere.desk import casework, messages
from rightthere.desk.reviews import run_import
from rightthere.reviews.actions import respond_to_review, start_import
from rightthere.reviews.models import Review, ReviewImport
from rightthere.satisfaction.actions import answer_case
from rightthere.satisfaction.models import AnswerChannel, Rating
from rightthere.satisfaction.sending import ask_customer
from rightthere.satisfaction.timing import ask_delay

REVIEWS_FILE = "google-and-trustpilot-reviews.csv"
# platform, id, author, e-mail, rating, days ago, text
REVIEWS = (
    ("google", "g-7841", "Margaret Hughes", "margaret.hughes@example.com", 5, 19,
     "Our boiler stopped on a Sunday night. Tom was here first thing Monday with the part "
     "and it was fixed by ten. They texted me the time the day before. Lovely people, "
     "highly recommended."),
    ("trustpilot", "tp-2290", "Helen Whitfield", "helen.whitfield@example.com", 5, 14,
     "Every time we have used Brightside they have told us exactly when they would come "
     "and then they came. Tara explained everything she did."),
    ("google", "g-7902", "Daniel A.", "", 4, 10,
     "Good job on the leaking tap, fair price. Would have liked an earlier slot but they "
     "were honest about it."),
    ("trustpilot", "tp-2317", "Bloom & Stem Florists", "", 5, 6,
     "Our shop's extractor fan was replaced the day after we called. Quick, tidy, no fuss."),
    ("google", "g-7955", "Gareth Price", "gareth.price@example.com", 1, 2,
     "Waited in all Thursday morning for a visit that never happened and nobody rang to say "
     "so. When I called I was told the engineer had been sent somewhere else. Not good "
     "enough when you have taken a day off work."),
    ("google", "g-7960", "Jo K.", "", 5, 1,
     "Booked online in the evening, had a confirmation with a date and a calendar invite "
     "straight away. That is how it should be."),
)  # fmt: skip
RESPONSES = {
    "g-7841": "Thank you, Margaret! We will pass this on to Tom. Olivia, Brightside Home Repairs",
    "g-7955": (
        "Gareth, we let you down: you took a morning off and we did not come or call. "
        "I am sorry. Adam is in touch with you today to put it right. Olivia"
    ),
}
APOLOGY = (
    "Dear Gareth,\n\nI am sorry: we booked you for Thursday morning, moved the engineer to "
    "another job and did not tell you. That cost you a morning off work. I would like to "
    "put it right, and I will send you a few ways we can do that today, so that you can "
    "choose the one that suits you.\n\nAdam"
)
CUSTOMER_ANSWER = (
    "Thank you for the apology. I will look out for your options; mornings are easiest for me."
)
CSAT_WEEKS = 6
ANSWER_SHARE = 0.6  # of customers asked who answer
BAD_COMMENTS = (
    "It took three visits to get it sorted.",
    "Nobody told me the part was delayed.",
    "The engineer was late and did not call ahead.",
)
GOOD_COMMENTS = ("", "", "", "Quick and friendly, thank you.", "Exactly on time. Thanks!")


def _reviews_csv(imported_at: datetime) -> str:
    """The file, each review posted in the evening `days ago` days before the import."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["platform", "id", "author", "email", "rating", "date", "text"])
    for platform, review_id, author, email, rating, days_ago, text in REVIEWS:
        day = timezone.localtime(imported_at) - timedelta(days=days_ago)
        posted = day.replace(hour=19, minute=12, second=0, microsecond=0)
        writer.writerow([platform, review_id, author, email, rating, posted.isoformat(), text])
    return out.getvalue()


def delete_reviews() -> None:
    Review.objects.filter(external_id__in=[row[1] for row in REVIEWS]).delete()
    ReviewImport.objects.filter(filename=REVIEWS_FILE).delete()


def seed_reviews(cast: Cast, now: datetime) -> None:
    """Olivia imports this month's reviews; the bad one becomes Adam's complaint."""
    # Yesterday morning (a weekend one too: the owner of a small business reads them).
    imported_at = timezone.localtime(now - timedelta(days=1)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    with clock_at(imported_at):
        content = _reviews_csv(imported_at)
        review_import = start_import(
            actor=cast.owner, filename=REVIEWS_FILE, content=content, file_format="csv"
        )
        run_import(review_import)
    adam = cast.agents[0]
    answered_at = imported_at + timedelta(minutes=25)
    with clock_at(answered_at):
        for review_id, text in RESPONSES.items():
            review = Review.objects.get(external_id=review_id)
            respond_to_review(review, actor=cast.owner, text=text)
    complaint = Review.objects.select_related("case").get(external_id="g-7955").case
    if complaint is None:
        return
    with clock_at(answered_at + timedelta(minutes=5)):
        case = casework.assign_case(complaint, actor=cast.owner, assignee=adam)
    with clock_at(answered_at + timedelta(minutes=40)):
        messages.send_reply(case, actor=adam, body_text=APOLOGY)
    said_at = answered_at + timedelta(hours=3)
    if said_at < now:
        with clock_at(said_at):
            messages.add_message(
                case,
                actor=None,
                direction="inbound",
                author_contact=case.contact,
                body_text=CUSTOMER_ANSWER,
                at=said_at,
            )


def seed_satisfaction(rng: random.Random, now: datetime) -> int:
    """Ask the customers of the last weeks' solved cases; most answer with a click.
    Returns how many answered."""
    solved = (
        Case.objects.filter(
            solved_at__gte=now - timedelta(weeks=CSAT_WEEKS),
            solved_at__lte=now - ask_delay() - timedelta(hours=2),
        )
        .exclude(kind=Kind.COMPLAINT)
        .order_by("solved_at", "id")
    )
    answered = 0
    for case in solved:
        assert case.solved_at is not None
        asked_at = case.solved_at + ask_delay() + timedelta(minutes=rng.uniform(5, 90))
        with clock_at(asked_at):
            request = ask_customer(case, now=asked_at)
        if request is None or rng.random() > ANSWER_SHARE:
            continue
        at = asked_at + timedelta(minutes=rng.uniform(20, 36 * 60))
        if at >= now:
            continue
        good = rng.random() < 0.86
        comment = rng.choice(GOOD_COMMENTS if good else BAD_COMMENTS)
        with clock_at(at):
            answer_case(
                case,
                actor=None,
                via=AnswerChannel.EMAIL,
                rating=Rating.GOOD if good else Rating.BAD,
                comment=comment,
                now=at,
            )
        answered += 1
    return answered

"""Demo conversations handled by the office: invoices, complaints, questions,
and requests from the business's own departments (internal customers)."""

from rightthere.cases.models import Priority
from rightthere.cases.models.case import WaitingReason
from rightthere.demo.topic import COMPLAINT, QUESTION, REQUEST, Topic
from rightthere.demo.topic import Variant as V

INVOICE = Topic(
    key="invoice",
    kind=QUESTION,
    variants=(
        V(
            "Charged twice for the call-out?",
            "Hello, I think I've been charged twice for the call-out on invoice {invoice}: "
            "once on the day and again on the invoice. Could you check please?\n\n{first}",
            own={
                "question": (
                    "Hi {first},\n\nI can see one card payment of £65 on the day. Could you "
                    "send us the date and amount of the second charge on your statement, so "
                    "we can match it?\n\n{agent}",
                ),
                "answer": ("The second charge was on the 3rd, also £65, reference BRIGHTSIDE HR.",),
                "wait_note": ("Asked accounts to check the card terminal batch for {invoice}.",),
                "work_note": ("Accounts confirmed a duplicate charge; £65 refunded today.",),
                "resolution": (
                    "Hello {first},\n\nYou were right, and I'm sorry for the trouble: the "
                    "call-out was charged twice. We've refunded £65 to your card today; it "
                    "usually shows within 3 working days.\n\n{agent}",
                ),
            },
        ),
        V(
            "VAT receipt needed for {invoice}",
            "Hi, could you send me a VAT receipt for invoice {invoice}? Our accountant needs "
            "it by the end of the month.\n\nRegards, {first}",
            own={
                "work_note": ("VAT receipt generated from the accounts system and attached.",),
                "resolution": (
                    "Hello {first},\n\nThe VAT receipt for {invoice} is attached. Let us know "
                    "if your accountant needs anything else.\n\n{agent}",
                ),
            },
        ),
        V(
            "Invoice {invoice} higher than the quote",
            "Good morning, invoice {invoice} shows {amount} but the quote was lower. "
            "Could you explain the difference?\n\n{first}",
            own={
                "work_note": (
                    "Difference is the extra part approved on site; signed job sheet found.",
                ),
                "resolution": (
                    "Hello {first},\n\nThe difference is the replacement valve that {tech} "
                    "found on the day and you approved on site; I've attached the signed job "
                    "sheet. We should have sent you an updated quote in writing at the time, "
                    "and from now on we will.\n\n{agent}",
                ),
            },
        ),
    ),
    first_reply=(
        "Hello {first},\n\nThank you for checking. I'm looking into invoice {invoice} with our "
        "accounts team and will reply with a full answer by {day}.\n\n{agent}",
    ),
    resolution=(),
    thanks=("Received, thank you.", "Thanks for sorting that out."),
    handler="agent",
    priorities={Priority.LOW: 4, Priority.NORMAL: 6},
    tags=("invoice",),
    waiting_on_us=WaitingReason.INTERNAL_DEPARTMENT,
    promise_what="Answer about invoice {invoice}",
    facts={
        "invoice": ("INV-2026-0173", "INV-2026-0211", "INV-2026-0248", "INV-2026-0302"),
        "amount": ("£184.00", "£226.80", "£312.00"),
    },
    weight=12,
    visit=False,
)

COMPLAINT_TOPIC = Topic(
    key="complaint",
    kind=COMPLAINT,
    variants=(
        V(
            "Technician arrived without the part",
            "I took the morning off work for your technician, who arrived and said the part "
            "wasn't on the van. Nobody has told me when he's coming back. This isn't good "
            "enough.\n\n{first}",
            facts={
                "cause": ("The office ordered from the old model number.",),
                "root_cause": ("Office or order error",),
                "improvement": ("Photo of the appliance label on the job sheet before ordering",),
            },
        ),
        V(
            "Nobody came yesterday",
            "We waited in all day yesterday and nobody came or called. I'd like to know what "
            "happened.\n\n{first}",
            facts={
                "cause": ("Two visits were booked in the same slot; nobody told the customer.",),
                "root_cause": ("Communication",),
                "improvement": ("One free slot per technician per day, and a call if we run late",),
            },
        ),
        V(
            "Still leaking after your repair",
            "The tap you fixed last week is leaking again, worse than before. I've had to put "
            "towels down. I expect this to be put right at your cost.\n\n{first}",
            facts={
                "cause": ("The washer fitted was the wrong size for this tap.",),
                "root_cause": ("Skill",),
                "improvement": ("A 10-minute leak check at the end of every plumbing job",),
            },
        ),
    ),
    first_reply=(
        "Dear {first},\n\nI'm sorry. You made time for us and we let you down; that was our "
        "mistake, not yours. I'll send you a few ways to put it right within the hour, and "
        "there will be no charge for any of them.\n\n{agent}",
    ),
    # The options offered through the recovery playbook (step 2).
    recovery_options=(
        "{tech} comes on {day} at 08:00, first job of the day, with the part already checked",
        "A Saturday morning visit this weekend",
        "{tech} comes at a time of your choosing next week",
    ),
    answer=(
        "Option 1 please, first thing.",
        "The first one please, the earlier the better.",
    ),
    wait_note=("Recovery: right part collected and checked against the photo. {cause}",),
    work_note=(
        "{tech} did the return visit: repaired, no charge. What went wrong: {cause}",
        "{tech} fitted the right part and spent 20 minutes cleaning up. What went wrong: {cause}",
    ),
    resolution=(
        "Dear {first},\n\nThank you for your patience. Is everything working as it should "
        "now? We've also changed how we work so this doesn't happen to anyone else. If you "
        "have a moment, we'd value a line on how we handled it.\n\n{agent}",
    ),
    thanks=(
        "Everything is fine now. Thanks for calling back, that made a difference.",
        "Yes, all good. I appreciated the options and the honesty.",
    ),
    handler="owner",
    priorities={Priority.NORMAL: 3, Priority.HIGH: 6, Priority.URGENT: 1},
    tags=("complaint", "recovery"),
    weight=8,
)

GENERAL_QUESTION = Topic(
    key="question",
    kind=QUESTION,
    variants=(
        V(
            "Do you cover {area}?",
            "Hi, we've just moved to {area}. Do you cover it? Thanks, {first}",
            own={
                "first_reply": (
                    "Hello {first},\n\nYes, we cover {area} and the villages around it, "
                    "with the same call-out charge as in town. Welcome to the area!\n\n{agent}",
                )
            },
        ),
        V(
            "Are your engineers Gas Safe registered?",
            "Hello, before we book a boiler service: are your engineers Gas Safe registered?"
            "\n\n{first}",
            own={
                "first_reply": (
                    "Hello {first},\n\nYes: all our gas engineers are Gas Safe registered, "
                    "and each one shows their card when they arrive. I can send you their "
                    "registration numbers if you'd like to check them.\n\n{agent}",
                )
            },
        ),
        V(
            "Can I change my appointment?",
            "Hi, something has come up and I can't be in for my appointment. Can we move it "
            "to later in the week?\n\n{first}",
            own={
                "first_reply": (
                    "Hello {first},\n\nOf course. I've moved your appointment to {day} between "
                    "{window}. You'll get a reminder the evening before.\n\n{agent}",
                )
            },
        ),
        V(
            "Do you fit smart thermostats?",
            "Hello, do you fit smart thermostats, and which ones would you recommend?\n\n{first}",
            own={
                "first_reply": (
                    "Hello {first},\n\nWe do: we fit Nest, Hive and tado. For a combi boiler "
                    "like most in {area}, tado is the easiest to live with. Reply with two "
                    "times that suit you and we'll confirm one today.\n\n{agent}",
                )
            },
        ),
    ),
    first_reply=(),
    resolution=(
        "Hello {first},\n\nI'll close this question now; just reply here if anything else "
        "comes up.\n\n{agent}",
    ),
    thanks=("Perfect, thanks.",),
    handler="agent",
    priorities={Priority.LOW: 6, Priority.NORMAL: 3},
    tags=("question",),
    facts={"area": ("Millbrook", "Ashford Green", "Little Hadley", "Stonebridge")},
    weight=10,
    visit=False,
)

ACCOUNTS = Topic(
    key="accounts",
    kind=QUESTION,
    variants=(
        V(
            "Supplier invoice {invoice} without a job number",
            "Hi team, I can't match the {part} on supplier invoice {invoice} to a job. Which "
            "job was it for?\n\nRebecca, Accounts",
            own={"work_note": ("Matched: the {part} was for job {job}; job sheet updated.",)},
        ),
        V(
            "Month-end: jobs not yet invoiced",
            "Hello, for month-end I still have six completed jobs without an invoice. List "
            "attached; could you confirm the hours so we can bill them this week?\n\nRebecca",
            own={"work_note": ("Hours confirmed for all six jobs with the technicians.",)},
        ),
    ),
    first_reply=(
        "Hi Rebecca,\n\nThanks. I'll check the job sheets and get back to you by {day}.\n\n{agent}",
    ),
    wait_note=("Asked {tech} for the van stock sheet from that week.",),
    resolution=(
        "Hi Rebecca,\n\nAll sorted: the details are in the job sheets now, and I've added a "
        "step to our checklist so parts are always logged against a job.\n\n{agent}",
    ),
    thanks=("Brilliant, thank you!",),
    handler="agent",
    priorities={Priority.LOW: 3, Priority.NORMAL: 5},
    tags=("internal", "accounts"),
    waiting_on_us=WaitingReason.OTHER_TEAM,
    promise_what="Match the parts to their jobs",
    facts={
        "job": ("RT-000412", "RT-000455", "RT-000481"),
        "invoice": ("PC-88213", "PC-88290", "MW-10477"),
        "part": ("expansion vessel", "diverter valve", "pump"),
    },
    weight=6,
    department="Accounts department",
    visit=False,
)

FACILITIES = Topic(
    key="facilities",
    kind=REQUEST,
    variants=(
        V("Van 2 due for MOT", "{ask}", own={"work_note": ("MOT booked and passed.",)}),
        V(
            "Workshop heater not working",
            "{ask}",
            own={"work_note": ("Replaced the fuse and cleaned the filter; heater working.",)},
        ),
        V(
            "Stock room: running low on 15 mm fittings",
            "{ask}",
            own={"work_note": ("Reordered 50 x 15 mm compression elbows, arriving {day}.",)},
        ),
    ),
    first_reply=("Hi Martin,\n\nThanks, I've got it. It'll be done by {day}.\n\n{agent}",),
    resolution=("Hi Martin,\n\nDone; closing this one.\n\n{agent}",),
    thanks=("Thanks!",),
    handler="agent",
    priorities={Priority.LOW: 5, Priority.NORMAL: 4},
    tags=("internal", "facilities"),
    facts={
        "ask": (
            "Hi, see subject. Can someone take care of it this week? Thanks, Martin (Facilities)",
            "Hello, a quick one from Facilities: see subject. Let me know who picks it up."
            "\n\nMartin",
        )
    },
    weight=5,
    department="Facilities",
    visit=False,
)

OFFICE_TOPICS = (INVOICE, COMPLAINT_TOPIC, GENERAL_QUESTION, ACCOUNTS, FACILITIES)

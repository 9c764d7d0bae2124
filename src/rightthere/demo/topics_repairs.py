"""Demo conversations about repairs: boilers, leaks, appliances, electrics."""

from rightthere.cases.models import Priority
from rightthere.cases.models.case import WaitingReason
from rightthere.demo.topic import REPAIR, REQUEST, Topic
from rightthere.demo.topic import Variant as V

BOILER_NAMES = (
    "Worcester Greenstar 30i",
    "Vaillant ecoTEC plus 832",
    "Baxi 600 Combi",
    "Ideal Logic Max C30",
)
NO_HEAT_REPLY = (
    "Hello {first},\n\nThank you for letting us know, and I'm sorry you're without heating. "
    "{tech} will be with you on {day} between {window}. If anything changes before then "
    "we'll tell you straight away.\n\nUntil then, a plug-in heater in the room the baby "
    "sleeps in is the safest option; {tech} can bring one if you don't have one.\n\n"
    "{agent}, Brightside Home Repairs",
)

BOILER = Topic(
    key="boiler",
    kind=REPAIR,
    variants=(
        V(
            "No heating or hot water",
            "Hello, our boiler stopped working last night and we have no heating or hot water. "
            "The display shows {code}. I've tried resetting it twice. We have a baby at home so "
            "we'd be grateful if someone could come as soon as possible.\n\n{first}",
            own={"first_reply": NO_HEAT_REPLY},
        ),
        V(
            "Boiler showing fault code {code}",
            "Hi, the boiler shows {code} and won't fire up, so we have no heating. It's a "
            "{boiler}. Can someone come out this week?\n\nThanks, {first}",
        ),
        V(
            "Boiler keeps losing pressure",
            "Hi, the pressure on our {boiler} keeps dropping below 1 bar. I top it up every "
            "morning but by the evening it's down again. Is this something you can look at?"
            "\n\nThanks, {first}",
            facts={"part": ("expansion vessel", "pressure relief valve")},
        ),
        V(
            "Radiators cold upstairs",
            "Good morning. The radiators upstairs stay cold even with the heating on full; "
            "downstairs is fine. The boiler is a {boiler}, about eight years old. "
            "When could someone come out?\n\n{first}",
            facts={"part": ("pump",)},
            own={
                "work_note": (
                    "Sludge in the upstairs circuit and a weak {part}. Replaced the {part}, "
                    "power-flushed, balanced radiators. All heating up within 20 minutes.",
                ),
                "resolution": (
                    "Hello {first},\n\n{tech} replaced the {part}, flushed the system and "
                    "balanced the radiators; every room now heats up within about 20 "
                    "minutes. If one stays cold, reply here and we'll come back at no "
                    "charge.\n\n{agent}",
                ),
            },
        ),
    ),
    first_reply=(
        "Hi {first},\n\nThanks for the details. {tech} will come on {day} between {window} "
        "to find the cause, and will fix it on the spot if the part is on the van.\n\n"
        "Best regards,\n{agent}",
    ),
    question=(
        "Hi {first},\n\nTo bring the right part on the first visit, could you send us a photo "
        "of the label inside the boiler's front cover (model and serial number)? "
        "Once we have it, we'll confirm the visit the same day.\n\n{agent}",
    ),
    answer=(
        "Here's the photo of the label, it says {boiler}. Let me know if you need anything "
        "else.\n\n{first}",
        "Photo attached, sorry it took a while.",
    ),
    wait_note=(
        "Diagnosed: {part} has failed. Ordered from the merchant, due {day}. "
        "Left a plug-in heater with the customer.",
        "Needs a new {part}. Ordered this morning, supplier confirms delivery {day}. "
        "Return visit booked for the same day.",
    ),
    promise=(
        "Hello {first},\n\n{tech} found the cause: the {part} has failed. We have ordered a "
        "new one and it arrives on {day}. {tech} will fit it that day between {window}. "
        "If the delivery slips, we'll rebook the visit and tell you before you need to ask."
        "\n\n{agent}",
    ),
    work_note=(
        "Fitted new {part}, bled radiators, pressure holding at 1.3 bar after 40 minutes. "
        "Showed the customer how to top up.",
        "Replaced {part}. Flue gas analysis fine. Left the service record with the customer.",
    ),
    resolution=(
        "Hello {first},\n\nThe boiler is working again: {tech} replaced the {part} and checked "
        "the whole system. If the pressure drops below 1 bar in the next month, reply to this "
        "message and we'll come back at no charge.\n\nKind regards,\n{agent}",
    ),
    thanks=(
        "Thank you, all warm again! {tech} was brilliant with the kids.",
        "Thanks for sorting it so quickly.",
    ),
    priorities={Priority.NORMAL: 4, Priority.HIGH: 4, Priority.URGENT: 2},
    tags=("boiler", "heating"),
    facts={
        "code": ("F28", "EA 227", "L2", "F75", "E119"),
        "boiler": BOILER_NAMES,
        "part": ("diverter valve", "expansion vessel", "ignition electrode", "pump"),
    },
    weight=16,
    overflow=True,
)

BOILER_SERVICE = Topic(
    key="boiler-service",
    kind=REQUEST,
    variants=(
        V(
            "Annual boiler service",
            "Hi, our boiler service is due this month. Could you book us in? "
            "Weekday mornings suit us best.\n\n{first}",
        ),
        V(
            "Gas safety certificate needed",
            "Hello, I need this year's gas safety certificate for the flat I let before the "
            "tenancy renews. Please let me know the earliest date.\n\n{first}",
        ),
    ),
    first_reply=(
        "Hello {first},\n\nWe've booked {tech} for {day} between {window}. The service takes "
        "about an hour and you'll get the certificate by e-mail the same day.\n\n{agent}",
    ),
    work_note=(
        "Service done. Burner cleaned, seals replaced, CO reading 8 ppm. Certificate issued.",
        "Annual service complete, no faults. Recommended a magnetic filter (quoted separately).",
    ),
    resolution=(
        "Hello {first},\n\nThe service is done and the gas safety certificate is attached to "
        "your account. We'll remind you a month before the next one is due.\n\n{agent}",
    ),
    thanks=("Thanks, received the certificate.",),
    priorities={Priority.LOW: 5, Priority.NORMAL: 3},
    tags=("boiler", "service"),
    weight=10,
)

LEAK = Topic(
    key="leak",
    kind=REPAIR,
    variants=(
        V(
            "Water coming through the kitchen ceiling",
            "URGENT: water is dripping through the kitchen ceiling light from the bathroom "
            "above. I've turned off the water at the stopcock. Please send someone today."
            "\n\n{first}",
            facts={"part": ("compression joint",)},
            own={
                "first_reply": (
                    "Hello {first},\n\nThank you for turning the water off, that was exactly "
                    "right. {tech} is on the way and will be with you by {soon}. Please leave "
                    "the kitchen lights switched off until {tech} has checked them.\n\n{agent}",
                ),
                "work_note": (
                    "Failed {part} on the bath supply. Replaced and pressure tested. Ceiling "
                    "damp but sound; lighting circuit tested OK. Advised a week's drying "
                    "before decorating.",
                ),
            },
        ),
        V(
            "Leak under the bathroom sink",
            "Hi, there's a slow leak under the bathroom sink, the cabinet floor is soaked. "
            "I've put a bowl under it for now.\n\n{first}",
            facts={"part": ("flexible tap connector", "basin waste trap")},
        ),
        V(
            "Dripping pipe in the airing cupboard",
            "Hello, one of the pipes in the airing cupboard is dripping onto the floorboards. "
            "Can someone take a look this week?\n\nMany thanks, {first}",
            facts={"part": ("compression joint", "gate valve")},
        ),
        V(
            "Toilet cistern won't stop running",
            "Hi, the downstairs toilet keeps running after every flush. It's wasting a lot of "
            "water. Could you fix it?\n\n{first}",
            facts={"part": ("fill valve",)},
        ),
    ),
    first_reply=(
        "Hi {first},\n\nThanks for letting us know. {tech} will come on {day} between {window} "
        "with a replacement {part}. If it gets worse before then, call us on 01632 960100 "
        "and we'll come the same day.\n\n{agent}",
    ),
    wait_note=(
        "Temporary repair done (isolated the run). Needs a {part} in 22 mm, not on the van; "
        "ordered for {day}.",
    ),
    promise=(
        "Hello {first},\n\nThe leak is stopped for now: {tech} isolated the damaged section. "
        "The permanent {part} arrives on {day} and {tech} will fit it that day between "
        "{window}. Your water is on everywhere except that section.\n\n{agent}",
    ),
    work_note=(
        "Replaced {part}, pressure tested, no further leaks.",
        "Fitted new {part} and resealed. Checked the rest of the run, all dry.",
    ),
    resolution=(
        "Hello {first},\n\nThe leak is fixed: {tech} replaced the {part} and tested it under "
        "pressure. If you notice any damp spots reappear, reply here and we'll come straight "
        "back.\n\n{agent}",
    ),
    thanks=("Thanks so much for coming so quickly.", "All dry now, thank you {tech}!"),
    priorities={Priority.NORMAL: 2, Priority.HIGH: 4, Priority.URGENT: 4},
    tags=("leak", "plumbing"),
    weight=16,
    overflow=True,
)

APPLIANCE = Topic(
    key="appliance",
    kind=REPAIR,
    variants=(
        V(
            "Washing machine not draining",
            "Hi, our washing machine has stopped draining, there's water left in the drum "
            "after every cycle. It's about four years old. Can you repair it?\n\n{first}",
            facts={"appliance": ("washing machine",), "part": ("drain pump",)},
        ),
        V(
            "Dishwasher leaves water in the bottom",
            "Hello, the dishwasher leaves a few centimetres of water in the bottom and shows "
            "{code}. I've cleaned the filter already.\n\n{first}",
            facts={"appliance": ("dishwasher",), "part": ("drain pump", "non-return valve")},
        ),
        V(
            "Tumble dryer makes a grinding noise",
            "Hello, the tumble dryer started making a loud grinding noise. Is it worth "
            "repairing or should we replace it?\n\n{first}",
            facts={"appliance": ("tumble dryer",), "part": ("drum bearing", "drive belt")},
        ),
        V(
            "Oven not heating up",
            "Good afternoon, the oven heats to about 100 degrees and no further. The grill "
            "works. Could you send someone?\n\n{first}",
            facts={"appliance": ("oven",), "part": ("heating element", "thermostat")},
        ),
    ),
    first_reply=(
        "Hello {first},\n\nThank you. That usually points to the {part}. {tech} can come on "
        "{day} between {window}; the call-out including the first 30 minutes is £65, and "
        "{tech} will give you a fixed price for the repair before starting.\n\n{agent}",
    ),
    question=(
        "Hi {first},\n\nCould you tell us the model number? It's on a sticker inside the door "
        "or on the back. With it we can check the part is in stock before {tech} comes.\n\n"
        "{agent}",
    ),
    answer=("The sticker says {model}. Thanks!", "Model number is {model}, bought in 2021."),
    wait_note=("{Part} confirmed faulty. Ordered from the manufacturer, delivery {day}.",),
    promise=(
        "Hello {first},\n\n{tech} confirmed the {part} needs replacing. It's ordered and "
        "arrives on {day}; {tech} will fit it that day between {window}. "
        "The total, parts and labour, is {amount}.\n\n{agent}",
    ),
    work_note=(
        "Replaced {part}, ran a full test cycle, no leaks or error codes.",
        "Replaced {part} and cleaned out the sump. Test run OK.",
    ),
    resolution=(
        "Hello {first},\n\nYour {appliance} is working again. The repair is guaranteed for "
        "12 months; the invoice ({amount}) follows by e-mail.\n\n{agent}",
    ),
    thanks=("Working perfectly now, thanks.", "Great, thanks for the quick repair."),
    tags=("appliance",),
    facts={
        "code": ("E24", "E25", "F21", "H20"),
        "model": ("WAN28281GB", "SMS4HVI33G", "WTN83201GB", "HBS534BS0B"),
        "amount": ("£118.00", "£142.50", "£96.00", "£176.40"),
    },
    weight=14,
)

ELECTRICAL = Topic(
    key="electrical",
    kind=REPAIR,
    variants=(
        V(
            "Lights keep tripping the fuse box",
            "Hi, every time I switch on the landing light the whole lighting circuit trips. "
            "It started after the storm on Sunday.\n\n{first}",
            own={
                "work_note": (
                    "Water in the landing light fitting from a slipped roof tile above. "
                    "Replaced the fitting, tested the circuit; told the customer about the tile.",
                )
            },
        ),
        V(
            "Outside socket not working",
            "Hello, the outside socket by the patio doesn't work any more, the others are "
            "fine. Could you have a look?\n\n{first}",
            own={"work_note": ("Socket corroded. Replaced with a weatherproof RCD socket.",)},
        ),
        V(
            "Bathroom extractor fan stopped",
            "Our bathroom extractor fan has stopped working and the bathroom is getting very "
            "damp.\n\n{first}",
            own={"work_note": ("Fan motor seized. Fitted a new fan with humidity sensor.",)},
        ),
    ),
    first_reply=(
        "Hello {first},\n\nThanks for letting us know. {tech} will come on {day} between "
        "{window} to find the fault. Until then, please leave that circuit switched off."
        "\n\n{agent}",
    ),
    resolution=(
        "Hello {first},\n\n{tech} found and fixed the fault, and tested the whole circuit. "
        "The electrical certificate for the work is attached to your account.\n\n{agent}",
    ),
    thanks=("Thank you, all working.",),
    tags=("electrical",),
    weight=8,
)

QUOTE = Topic(
    key="quote",
    kind=REQUEST,
    variants=(
        V("Quote for replacing two radiators", "{ask}", facts={"job": ("two new radiators",)}),
        V("Quote for an outside tap", "{ask}", facts={"job": ("an outside tap",)}),
        V("Quote for extra kitchen sockets", "{ask}", facts={"job": ("two extra sockets",)}),
    ),
    first_reply=(
        "Hello {first},\n\nThank you for asking us. {tech} can visit on {day} between "
        "{window} to measure up, and you'll have a fixed written quote by the end of that "
        "day.\n\n{agent}",
    ),
    question=(
        "Hello {first},\n\nHere is your quote for {job}: {amount} including parts, labour and "
        "VAT, valid for 30 days. {tech} could do the work on {day}. Shall we book it?\n\n"
        "{agent}",
    ),
    answer=("Yes please, go ahead.", "That's fine, please book it in."),
    work_note=(
        "Job done as quoted, no extras. Customer happy with the finish.",
        "Installed and tested. Took 30 minutes longer than planned (old pipework); no extra "
        "charge, as quoted.",
    ),
    resolution=(
        "Hello {first},\n\nThe work is finished and tested. The invoice for {amount}, as "
        "quoted, will follow by e-mail.\n\n{agent}",
    ),
    thanks=("Looks great, thank you.",),
    priorities={Priority.LOW: 6, Priority.NORMAL: 3},
    tags=("quote",),
    asks=1.0,
    waiting_on_customer=WaitingReason.APPROVAL,
    facts={
        "amount": ("£340.00", "£485.00", "£210.00", "£620.00"),
        "ask": (
            "Hello, could you give us a quote for {job}? We're flexible on dates over the next "
            "month.\n\n{first}",
            "Hi, we'd like a price for {job}. What do you need from us?\n\n{first}",
        ),
    },
    weight=8,
)

LANDLORD = Topic(
    key="landlord",
    kind=REPAIR,
    variants=(
        V(
            "Flat {flat}: front door lock sticking",
            "{ask}",
            own={"work_note": ("Lock barrel worn; replaced with a same-key barrel.",)},
        ),
        V(
            "Flat {flat}: tenant reports mould in bathroom",
            "{ask}",
            own={
                "work_note": (
                    "Treated mould, resealed the bath, fitted a humidistat fan. Gave the "
                    "tenant advice on ventilation.",
                )
            },
        ),
        V(
            "Flat {flat}: no hot water",
            "{ask}",
            own={"work_note": ("Immersion heater element failed, replaced. Hot water back.",)},
        ),
    ),
    first_reply=(
        "Hello {first},\n\nThanks. We've agreed with the tenant that {tech} will visit "
        "flat {flat} on {day} between {window}. We'll send you a short report and photos "
        "after the visit.\n\n{agent}",
    ),
    resolution=(
        "Hello {first},\n\nFlat {flat} is done: the report and photos are on the case. "
        "The invoice follows with this month's statement.\n\n{agent}",
    ),
    priorities={Priority.NORMAL: 6, Priority.HIGH: 3},
    tags=("landlord",),
    facts={
        "flat": ("2", "3A", "4", "7", "12", "15"),
        "ask": (
            "Hi, the tenant at flat {flat} reports the problem in the subject line. Please "
            "arrange access with them directly on 07700 900{tenant_phone} and send the invoice "
            "to us as usual.\n\n{first}",
            "Hello, another one for you (see subject). The tenant works from home, so any "
            "weekday is fine; their number is 07700 900{tenant_phone}.\n\n{first}",
        ),
        "tenant_phone": ("412", "518", "623", "734", "845"),
    },
    weight=12,
    customers=(
        "Harbour View Lettings",
        "Greenway Housing Association",
        "Kestrel Court Management Company",
    ),
)

REPAIR_TOPICS = (BOILER, BOILER_SERVICE, LEAK, APPLIANCE, ELECTRICAL, QUOTE, LANDLORD)

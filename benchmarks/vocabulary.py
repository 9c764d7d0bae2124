"""Words the synthetic benchmark data is made of.

Subjects and message bodies are assembled from these pools once, then reused,
so generating millions of rows costs little. Word frequencies are uneven on
purpose: a search for a common word ("boiler") matches a large share of all
cases, a rare word ("chandelier") a handful, as on a real desk.
"""

import random


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_NAMES = _words(
    "Aisha Alan Amir Anna Arjun Bea Ben Carla Chen Claire Colin Daniel David Eleanor Emma "
    "Fatima Fiona Gareth Grace Hannah Helen Ian Imran Jack James Joanna Karen Kelly Leah "
    "Linda Lucy Marcus Margaret Mei Michael Nadia Oliver Patrick Peter Priya Rebecca Robert "
    "Rosa Ruth Samuel Shirley Sophie Stuart Tanya Tomasz Yusuf Zoe"
)
LAST_NAMES = _words(
    "Adams Adeyemi Asante Bell Brennan Byrne Carter Chen Doyle Dubois Ellison Fenwick Fisher "
    "Fletcher Goldberg Grant Haddad Hendry Hughes Idowu Kim Kowalski Lawson MacLeod Marsh "
    "Martins Moss Novak OBrien Okafor Okonkwo Patel Pemberton Price Qureshi Rahman Reeve "
    "Sharma Shaw Singh Thornton Turner Walsh Whitfield Wright"
)
ORGANISATION_WORDS = _words(
    "Riverside Harbour Greenway Kestrel Maple Parkside Hilltop Crown Meadow Oakwood Bridge "
    "Station Victoria Orchard Willow Cedar Ashford Millbrook Stonebridge Westfield"
)
ORGANISATION_KINDS = (
    "Dental Practice",
    "Lettings",
    "Housing Association",
    "Primary School",
    "Care Home",
    "Veterinary Surgery",
    "Café",
    "Solicitors",
    "Management Company",
    "Nursery",
    "Surgery",
    "Hotel",
)
DEPARTMENTS = ("Accounts", "Facilities", "HR", "Sales", "Stores", "Fleet")
STREETS = (
    "Elm Grove",
    "Station Road",
    "Orchard Close",
    "Mill Lane",
    "Church Street",
    "High Street",
    "Kings Road",
    "Park View",
    "The Green",
    "Victoria Road",
)

THINGS = (
    "boiler",
    "radiator",
    "washing machine",
    "dishwasher",
    "oven",
    "tumble dryer",
    "extractor fan",
    "shower",
    "toilet",
    "kitchen tap",
    "fuse box",
    "outside socket",
    "hot water cylinder",
    "thermostat",
    "front door lock",
    "gutter",
    "invoice",
    "appointment",
    "quote",
)
COMMON_THINGS = ("boiler", "boiler", "radiator", "invoice", "leak", "leak", "shower")
PROBLEMS = (
    "not working",
    "leaking",
    "making a noise",
    "keeps tripping",
    "losing pressure",
    "won't start",
    "showing an error",
    "stopped draining",
    "is cold",
    "needs a service",
    "question",
    "charged twice",
    "needs rebooking",
)
# Each appears in one body of the pool (one message in several thousand).
RARE_WORDS = ("chandelier", "jacuzzi", "skylight", "aquarium", "sauna", "dumbwaiter")

SENTENCES = (
    "Since yesterday the {thing} is {problem}.",
    "We tried turning it off and on again but nothing changed.",
    "Could someone come and have a look this week?",
    "The {thing} is about {years} years old.",
    "There is water on the floor near the {thing}.",
    "The display shows error {code}.",
    "I am at home every morning, afternoons are difficult.",
    "Please call me on the mobile number on file.",
    "Thank you for coming so quickly last time.",
    "Is the call-out charge the same as before?",
    "Thanks for getting in touch about the {thing}.",
    "{tech} will be with you on {day} between {window}.",
    "The part has been ordered and arrives on {day}.",
    "We have replaced the {part} and tested the {thing}.",
    "The invoice for the work on the {thing} will follow by e-mail.",
    "Could you send us a photo of the label on the {thing}?",
    "Fitted a new {part}, pressure tested, all fine.",
    "Customer was out, left a card and rebooked for {day}.",
    "Needs a second visit: the {part} is not on the van.",
    "Checked the {thing} and the pipework around it; no further faults.",
    "Sorry for the wait; we should have told you sooner.",
    "The tenant will let us in; the key is with the neighbour.",
)
PARTS = (
    "diverter valve",
    "expansion vessel",
    "pump",
    "thermostat",
    "drain pump",
    "heating element",
    "fill valve",
    "door seal",
    "fuse",
    "washer",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
WINDOWS = ("08:00 and 10:00", "10:00 and 12:00", "12:00 and 14:00", "14:00 and 16:00")
CODES = ("F28", "E119", "L2", "EA 227", "E24", "H20")

# Searches the benchmark runs: (label, query).
SEARCHES = (
    ("common word", "boiler"),
    ("rare word", "chandelier"),
    ("two words", "radiator leaking"),
)


def subject_pool(rng: random.Random, size: int = 600) -> list[str]:
    subjects = []
    for _ in range(size):
        thing = rng.choice(COMMON_THINGS + THINGS)
        subject = f"{thing.capitalize()} {rng.choice(PROBLEMS)}"
        if rng.random() < 0.3:
            subject += f" at {rng.randint(1, 120)} {rng.choice(STREETS)}"
        subjects.append(subject)
    return subjects


def body_pool(rng: random.Random, size: int = 6000) -> list[str]:
    """Message bodies of 2-6 sentences (about 150-500 characters)."""
    bodies = []
    for index in range(size):
        sentences = rng.sample(SENTENCES, rng.randint(2, 6))
        text = " ".join(sentences).format(
            thing=rng.choice(COMMON_THINGS + THINGS),
            problem=rng.choice(PROBLEMS),
            years=rng.randint(2, 15),
            code=rng.choice(CODES),
            tech=rng.choice(FIRST_NAMES),
            day=rng.choice(DAYS),
            window=rng.choice(WINDOWS),
            part=rng.choice(PARTS),
        )
        if index < len(RARE_WORDS):
            text += f" It is next to the {RARE_WORDS[index]}."
        greeting = f"Hello {rng.choice(FIRST_NAMES)},\n\n" if rng.random() < 0.5 else ""
        bodies.append(f"{greeting}{text}\n\n{rng.choice(FIRST_NAMES)}")
    return bodies

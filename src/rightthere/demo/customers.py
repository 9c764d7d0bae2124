"""The demo's 40 customers: households, local organisations and two of the
business's own departments. Names, addresses and numbers are fictional
(e-mail domains under .example, phone numbers from Ofcom's drama ranges)."""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from rightthere.accounts.models import User
from rightthere.customers.actions import add_contact, create_customer
from rightthere.customers.models import Contact, Customer, CustomerKind
from rightthere.demo.cast import Cast
from rightthere.demo.clock import clock_at

TOWN = "Millbrook"


@dataclass(frozen=True)
class DemoCustomer:
    name: str
    contacts: tuple[tuple[str, str, str], ...]  # name, e-mail, phone
    address: str = ""
    organisation: bool = False
    department: bool = False
    account_owner: str = ""  # username
    weight: int = 2  # how often they get in touch


def _person(name: str, number: int, street: str, weight: int = 2, owner: str = "") -> DemoCustomer:
    first, last = name.split(" ", 1)
    email = f"{first}.{last}".lower().replace(" ", "").replace("'", "") + "@example.com"
    phone = f"07700 900{number:03d}"
    return DemoCustomer(
        name=name,
        contacts=((name, email, phone),),
        address=f"{number % 90 + 2} {street}, {TOWN}",
        weight=weight,
        account_owner=owner,
    )


PEOPLE = (
    _person("Margaret Hughes", 101, "Elm Grove", weight=3),
    _person("David Okonkwo", 102, "Station Road"),
    _person("Priya Sharma", 103, "Orchard Close", weight=3),
    DemoCustomer(
        name="Helen Whitfield",
        contacts=(
            ("Helen Whitfield", "helen.whitfield@example.com", "07700 900104"),
            ("James Whitfield", "james.whitfield@example.com", "07700 900114"),
        ),
        address=f"9 Mill Lane, {TOWN}",
        weight=3,
    ),
    _person("Tomasz Kowalski", 105, "Church Street"),
    _person("Aisha Rahman", 106, "Brook Avenue"),
    _person("Robert Ellison", 107, "Hawthorn Way", weight=1),
    _person("Fiona MacLeod", 108, "Willow Crescent"),
    _person("Gareth Price", 109, "Kings Road", weight=1),
    _person("Mei Lin Chen", 110, "Park View"),
    _person("Patrick O'Brien", 111, "Meadow Rise", weight=3),
    _person("Sophie Turner", 112, "Canal Walk"),
    _person("Hannah Goldberg", 113, "Beech Drive", weight=1),
    _person("Daniel Asante", 114, "Queens Terrace"),
    _person("Claire Dubois", 115, "Riverside", weight=1),
    _person("Michael Brennan", 116, "The Green", weight=2),
    _person("Ruth Adeyemi", 117, "Cedar Close"),
    _person("Oliver Grant", 118, "High Street", weight=1),
    _person("Lucy Pemberton", 119, "Oak Avenue", weight=2, owner="anna"),
    _person("Samuel Idowu", 120, "Victoria Road"),
    _person("Grace Kim", 121, "Primrose Lane", weight=1),
    _person("Edward Lawson", 122, "Manor Park", weight=2),
    _person("Nadia Haddad", 123, "Lime Street"),
    _person("Peter Walsh", 124, "Bridge Street", weight=1),
    _person("Jennifer Moss", 125, "Hill Rise"),
    _person("Arjun Patel", 126, "Ash Grove", weight=2),
)


def _org(
    name: str,
    domain: str,
    contacts: tuple[tuple[str, str], ...],
    number: int,
    address: str,
    weight: int = 3,
    owner: str = "",
) -> DemoCustomer:
    return DemoCustomer(
        name=name,
        contacts=tuple(
            (person, f"{mailbox}@{domain}.example", f"01632 960{number + i:03d}")
            for i, (person, mailbox) in enumerate(contacts)
        ),
        address=f"{address}, {TOWN}",
        organisation=True,
        weight=weight,
        account_owner=owner,
    )


ORGANISATIONS = (
    _org(
        "Riverside Dental Practice",
        "riverside-dental",
        (("Karen Doyle", "reception"), ("Dr Imran Qureshi", "imran.qureshi")),
        210,
        "4 Riverside",
        weight=3,
        owner="adam",
    ),
    _org("The Old Mill Café", "oldmillcafe", (("Bea Thornton", "hello"),), 220, "1 Mill Lane"),
    _org(
        "Harbour View Lettings",
        "harbourview-lettings",
        (("Joanna Reeve", "maintenance"), ("Colin Marsh", "colin"), ("Sue Grant", "accounts")),
        230,
        "22 Quay Street",
        weight=9,
        owner="olivia",
    ),
    _org(
        "St Anne's Primary School",
        "st-annes-school",
        (("Linda Carter", "office"), ("Bob Hendry", "caretaker")),
        240,
        "School Lane",
        weight=4,
        owner="anna",
    ),
    _org(
        "Greenway Housing Association",
        "greenway-housing",
        (("Marcus Bell", "repairs"), ("Tanya Okafor", "tanya.okafor")),
        250,
        "Greenway House, 60 Kings Road",
        weight=9,
        owner="olivia",
    ),
    _org(
        "Kestrel Court Management Company",
        "kestrel-court",
        (("Alan Fisher", "manager"),),
        260,
        "Kestrel Court, Station Road",
        weight=4,
    ),
    _org(
        "Bloom & Stem Florists",
        "bloomandstem",
        (("Rosa Lindqvist", "rosa"),),
        270,
        "8 High Street",
        weight=1,
    ),
    _org(
        "Parkside Veterinary Surgery",
        "parkside-vets",
        (("Emma Walsh", "practice.manager"),),
        280,
        "Parkside",
        weight=2,
        owner="adam",
    ),
    _org(
        "Hilltop Care Home",
        "hilltop-care",
        (("Shirley Adams", "maintenance"), ("Dev Malhotra", "nights")),
        290,
        "Hilltop Road",
        weight=5,
        owner="anna",
    ),
    _org(
        "Maple Tree Nursery",
        "mapletree-nursery",
        (("Kelly Shaw", "office"),),
        300,
        "3 Maple Walk",
        weight=2,
    ),
    _org(
        "Fenwick & Daughters Solicitors",
        "fenwick-law",
        (("Gillian Fenwick", "office"),),
        310,
        "15 Market Square",
        weight=1,
    ),
    _org("The Crown Inn", "crowninn", (("Stuart Byrne", "landlord"),), 320, "The Green", weight=2),
)

DEPARTMENTS = (
    DemoCustomer(
        name="Accounts department",
        contacts=(("Rebecca Shaw", "accounts@brightside-repairs.example", "01632 960101"),),
        organisation=True,
        department=True,
        account_owner="olivia",
    ),
    DemoCustomer(
        name="Facilities",
        contacts=(("Martin Doyle", "facilities@brightside-repairs.example", "01632 960102"),),
        organisation=True,
        department=True,
    ),
)

CUSTOMERS = PEOPLE + ORGANISATIONS + DEPARTMENTS
CUSTOMER_NAMES = tuple(c.name for c in CUSTOMERS)


@dataclass(frozen=True)
class SeededCustomer:
    demo: DemoCustomer
    customer: Customer
    contacts: tuple[Contact, ...]


def create_customers(cast: Cast, rng: random.Random, now: datetime) -> list[SeededCustomer]:
    """Create the customers, each on the day they first got in touch (months to years ago)."""
    owners = {user.username: user for user in (cast.owner, *cast.agents)}
    seeded = []
    for demo in CUSTOMERS:
        with clock_at(now - timedelta(days=rng.uniform(100, 1000))):
            customer = _create(demo, owners.get(demo.account_owner))
        contacts = tuple(customer.contacts.order_by("pk"))
        seeded.append(SeededCustomer(demo=demo, customer=customer, contacts=contacts))
    return seeded


def _create(demo: DemoCustomer, account_owner: User | None) -> Customer:
    (first_name, first_email, first_phone), *others = demo.contacts
    customer = create_customer(
        name=demo.name,
        kind=CustomerKind.ORGANISATION if demo.organisation else CustomerKind.PERSON,
        internal=demo.department,
        account_owner=account_owner,
        address=demo.address,
        contact_name=first_name,
        contact_email=first_email,
        contact_phone=first_phone,
    )
    for name, email, phone in others:
        add_contact(customer, name=name, email=email, phone=phone)
    return customer

"""Factories for tests. Cases are opened through the real action, so tests see
the same events, due times and search documents that users do."""

import factory
from django.utils import timezone

from rightthere.accounts.models import PartnerCompany, Role, Team, User
from rightthere.cases.models import Case, Channel, Direction, Kind, Priority
from rightthere.customers.models import Contact, Customer
from rightthere.desk import opening

PASSWORD = "correct-horse-battery-staple"


class PartnerCompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerCompany

    name = factory.Sequence(lambda n: f"Partner Co {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@rightthere.test")
    role = Role.AGENT
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class OwnerFactory(UserFactory):
    role = Role.OWNER
    is_staff = True
    is_superuser = True


class TechnicianFactory(UserFactory):
    role = Role.TECHNICIAN


class SubcontractorFactory(UserFactory):
    role = Role.SUBCONTRACTOR
    partner = factory.SubFactory(PartnerCompanyFactory)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    name = factory.Faker("name")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    customer = factory.SubFactory(CustomerFactory)
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"contact{n}@example.com")


def make_case(
    *,
    subject: str = "Boiler makes a banging noise",
    body: str = "Since this morning the boiler bangs every few minutes.",
    customer: Customer | None = None,
    contact: Contact | None = None,
    assignee: User | None = None,
    priority: str = Priority.NORMAL,
    kind: str = Kind.REPAIR,
    channel: str = Channel.EMAIL,
    opened_at=None,
    **kwargs,
) -> Case:
    if contact is None:
        contact = ContactFactory(customer=customer) if customer else ContactFactory()
    return opening.open_case(
        actor=None,
        subject=subject,
        customer=contact.customer,
        contact=contact,
        channel=channel,
        kind=kind,
        priority=priority,
        assignee=assignee,
        body_text=body,
        direction=Direction.INBOUND,
        opened_at=opened_at or timezone.now(),
        **kwargs,
    )


def subscribe(url: str, events=None, *, owner: User | None = None, name: str = "Receiver"):
    """An outgoing webhook through the owners' own function (webhooks.actions)."""
    from rightthere.webhooks.actions import create_subscription
    from rightthere.webhooks.models import EventType

    return create_subscription(owner, name=name, url=url, events=events or list(EventType.values))

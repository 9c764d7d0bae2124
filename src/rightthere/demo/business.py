"""The demo business as its owner would set it up on the Business profile screen, and
the mail relay that brings customers' mail in, so the Set-up page has nothing to ask;
a review source and a boiler-repair checklist (added to a case by hand), so those
set-up screens show what they hold."""

from rightthere.accounts.integrations import create_integration
from rightthere.accounts.models import Integration, IntegrationKind
from rightthere.accounts.profile import finish_first_run, update_business_profile
from rightthere.checklists.models import ChecklistTemplate
from rightthere.checklists.setup import add_template
from rightthere.demo.cast import BUSINESS_NAME, Cast

BOILER_REPAIR = "Boiler repair"
BOILER_STEPS = ["Check the pressure and the error code", "Bleed the radiators",
                "Test the flue and the gas pressure", "Leave the service sheet"]  # fmt: skip


def seed_business(cast: Cast) -> None:
    update_business_profile(
        cast.owner,
        name=BUSINESS_NAME,
        address="14 Harbour Road\nBristol BS1 4QA",
        phone="0117 496 0000",
        signature="{agent_name}\n{business_name} \u00b7 {phone}",
        status_page_intro="Here is where your repair stands. We keep this page up to date.",
        brand_colour="#0f6e5c",
    )
    if not Integration.objects.filter(kind=IntegrationKind.INBOUND_MAIL).exists():
        create_integration(cast.owner, name="Mail relay", kind=IntegrationKind.INBOUND_MAIL)
    if not Integration.objects.filter(kind=IntegrationKind.REVIEWS).exists():
        create_integration(cast.owner, name="Google reviews sync", kind=IntegrationKind.REVIEWS)
    if not ChecklistTemplate.objects.filter(name=BOILER_REPAIR).exists():
        add_template(cast.owner, name=BOILER_REPAIR, case_kind="repair", steps=BOILER_STEPS)
    finish_first_run(cast.owner)

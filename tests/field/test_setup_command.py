"""rightthere field_setup: the same set-up as the admin and the API, from a shell."""

from datetime import time
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from rightthere.accounts.models import PartnerCompany
from rightthere.field.models import Part, Skill, TechnicianProfile

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("field_setup", *args, stdout=out)
    return out.getvalue().strip()


def test_an_owner_sets_up_a_technician_with_skills_hours_and_time_off(owner, technician):
    run("skill", "Gas", "boilers", "--as", owner.username)

    said = run("technician", technician.username, "--skills", "gas boilers",
               "--hours", "mon-fri 08:00-12:00,12:30-16:30", "--as", owner.username)  # fmt: skip
    run("time-off", technician.username, "2099-12-21", "2099-12-24", "--reason", "Holiday",
        "--as", owner.username)  # fmt: skip

    profile = TechnicianProfile.objects.get(user=technician)
    assert [s.name for s in profile.skills.all()] == ["Gas boilers"]
    assert profile.working_hours.count() == 10
    assert said.startswith(f"{technician.display_name} can be booked: Monday 08:00-12:00")
    assert profile.time_off.get().reason == "Holiday"


def test_an_owner_adds_a_partner_a_vendor_and_a_part(owner):
    said = run("partner", "Spark", "&", "Sons", "--fee-kind", "fixed", "--fee", "25",
               "--as", owner.username)  # fmt: skip
    run("vendor", "Wires Direct", "--as", owner.username)
    run("part", "RCD-30", "RCD", "30", "mA", "--vendor", "wires direct", "--cost", "24.50",
        "--as", owner.username)  # fmt: skip

    assert said == "Partner Spark & Sons added; the business keeps 25.00 a visit."
    assert PartnerCompany.objects.get().field_profile.fee_amount == Decimal("25")
    part = Part.objects.get()
    assert (part.name, part.vendor.name, part.cost) == (
        "RCD 30 mA",
        "Wires Direct",
        Decimal("24.50"),
    )


def test_only_an_owner_sets_up_and_is_told_so(agent):
    with pytest.raises(CommandError, match="Only owners can set up skills."):
        run("skill", "Roofing", "--as", agent.username)

    assert not Skill.objects.exists()


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("weekdays 08:00-17:00", "Write the hours as 'mon-fri 08:00-17:00', not 'weekdays"),
        # The shared parser's messages, as on Settings › Technicians (core.time_spans).
        ("mon 9 to 5", "Write '9 to 5' as 09:00-17:00."),
        ("mon 9-5", "Write '9-5' as 09:00-17:00."),
        ("mon 25-26", "'25-26' is not a time of day."),
        ("mon 17:00-08:00", r"A period must end after it starts \(17:00-08:00\)."),
    ],
)
def test_hours_written_wrongly_are_refused_with_how_to_write_them(owner, technician, hours,
                                                                   message):  # fmt: skip
    with pytest.raises(CommandError, match=message):
        run("technician", technician.username, "--hours", hours, "--as", owner.username)

    assert not TechnicianProfile.objects.filter(working_hours__starts=time(8)).exists()


@pytest.mark.parametrize(
    ("hours", "periods"),
    [
        ("mon-fri 9-13", [(time(9), time(13))] * 5),
        ("tue 9am-1pm, 14:00-17.30", [(time(9), time(13)), (time(14), time(17, 30))]),
    ],
)
def test_hours_are_read_as_on_the_settings_screen(owner, technician, hours, periods):
    said = run("technician", technician.username, "--hours", hours, "--as", owner.username)

    profile = TechnicianProfile.objects.get(user=technician)
    found = profile.working_hours.order_by("weekday", "starts")
    assert [(h.starts, h.ends) for h in found] == periods
    assert said.endswith(f"can be booked: {', '.join(str(h) for h in found)}.")


def test_hours_written_wrongly_set_nothing_up(owner, technician):
    with pytest.raises(CommandError, match="Write '9 to 5' as 09:00-17:00."):
        run("technician", technician.username, "--hours", "mon 9 to 5", "--as", owner.username)

    assert not TechnicianProfile.objects.filter(user=technician).exists()


def test_a_skill_that_does_not_exist_is_named(owner, technician):
    with pytest.raises(CommandError, match="There is no skill 'Roofing'"):
        run("technician", technician.username, "--skills", "Roofing", "--as", owner.username)

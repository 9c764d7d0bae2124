"""The demo's field service: Tom's technician profile (skills and working hours), so the
schedule board has a row and the slot finder suggests times for visits."""

from datetime import time

from rightthere.accounts.models import User
from rightthere.field.models import Skill, TechnicianProfile, WorkingHours

SKILLS = ("Boilers", "Plumbing", "Electrics")
TOM_SKILLS = ("Boilers", "Plumbing")
WORKDAY = (time(8, 0), time(17, 0))


def seed_field(tom: User) -> TechnicianProfile:
    """Tom works Monday to Friday, 08:00-17:00, on boilers and plumbing."""
    skills = {name: Skill.objects.get_or_create(name=name)[0] for name in SKILLS}
    profile, _ = TechnicianProfile.objects.get_or_create(user=tom)
    profile.skills.set([skills[name] for name in TOM_SKILLS])
    profile.working_hours.all().delete()
    WorkingHours.objects.bulk_create(
        WorkingHours(technician=profile, weekday=day, starts=WORKDAY[0], ends=WORKDAY[1])
        for day in range(5)
    )
    return profile

"""A visit's root cause refers to the owner's list (Settings → Root causes, as complaints
use it) instead of a fixed list in code. The old values are mapped onto the list by name
(case-insensitive); an old value with no counterpart gets its entry added at the end of
the list, so that visits keep it and older API clients sending it are still understood:
"technician" is not the same as "Skill" (a careless job is not a missing skill), nor
"customer" as "Customer misuse" (an absent customer is not misuse), so the defaults get
"Technician" and "Customer" added.

Rolled back, each visit gets its old value again (by the same table; entries with no old
value map to the nearest one, "Other" and new names to none). Entries added stay in the
list: complaints may use them by then.
"""

from django.db import migrations, models
from django.db.models.deletion import PROTECT

# Kept here, not imported: a migration must not change when the code does.
OLD_TO_NAME = {
    "office": "Office or order error",
    "vendor": "Vendor",
    "diagnosis": "Diagnosis",
    "technician": "Technician",
    "customer": "Customer",
}
# Rolling back: names of the owner's list with no old value of their own.
NEAREST_OLD = {"skill": "technician", "customer misuse": "customer", "communication": "office"}


def counterpart(old_value: str, entries: dict[str, int]) -> tuple[str, int | None]:
    """The owner's list entry an old value becomes: (its name, its id, or None when it has
    to be added). `entries`: the list's names, lower-cased, to their ids."""
    name = OLD_TO_NAME.get(old_value, old_value.strip().capitalize())
    return name, entries.get(name.lower())


def old_value(name: str) -> str:
    """The old value an entry of the owner's list goes back to ("" for none)."""
    by_name = {n.lower(): value for value, n in OLD_TO_NAME.items()}
    return by_name.get(name.lower()) or NEAREST_OLD.get(name.lower(), "")


def forward(apps, schema_editor):
    RootCause = apps.get_model("recovery", "RootCause")
    Visit = apps.get_model("field", "Visit")
    entries = {name.lower(): pk for pk, name in RootCause.objects.values_list("pk", "name")}
    used = Visit.objects.exclude(root_cause="").values_list("root_cause", flat=True).distinct()
    for value in [*OLD_TO_NAME, *sorted(set(used) - set(OLD_TO_NAME))]:
        name, pk = counterpart(value, entries)
        if pk is None:
            last = RootCause.objects.aggregate(models.Max("position"))["position__max"]
            pk = RootCause.objects.create(name=name, position=(last or 0) + 1).pk
            entries[name.lower()] = pk
        Visit.objects.filter(root_cause=value).update(root_cause_ref=pk)


def backward(apps, schema_editor):
    RootCause = apps.get_model("recovery", "RootCause")
    Visit = apps.get_model("field", "Visit")
    for pk, name in (
        RootCause.objects.filter(field_visits__isnull=False).distinct().values_list("pk", "name")
    ):
        Visit.objects.filter(root_cause_ref=pk).update(root_cause=old_value(name))


class Migration(migrations.Migration):
    dependencies = [
        ("field", "0003_customer_choice"),
        ("recovery", "0002_default_root_causes"),
    ]

    operations = [
        migrations.AddField(
            model_name="visit",
            name="root_cause_ref",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=PROTECT,
                related_name="field_visits",
                to="recovery.rootcause",
            ),
        ),
        migrations.RunPython(forward, backward),
        migrations.RemoveField(model_name="visit", name="root_cause"),
        migrations.RenameField(
            model_name="visit", old_name="root_cause_ref", new_name="root_cause"
        ),
    ]

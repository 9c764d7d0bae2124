from django.db import migrations

DEFAULTS = [
    "Office or order error",
    "Vendor",
    "Diagnosis",
    "Skill",
    "Communication",
    "Customer misuse",
    "Other",
]


def add_defaults(apps, schema_editor):
    RootCause = apps.get_model("recovery", "RootCause")
    for position, name in enumerate(DEFAULTS):
        RootCause.objects.get_or_create(name=name, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("recovery", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]

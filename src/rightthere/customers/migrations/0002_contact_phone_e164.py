"""Contacts' phone numbers in E.164 (+447700900123), as the forms and the API now store
them; a number that cannot be read is kept as it was (the contact's screen shows it, and
no SMS goes to it)."""

import phonenumbers
from django.conf import settings
from django.db import migrations


def to_e164(apps, schema_editor):
    Contact = apps.get_model("customers", "Contact")
    region = str(settings.RIGHTTHERE.get("PHONE_REGION") or "GB").upper()
    for contact in Contact.objects.exclude(phone="").only("pk", "phone").iterator():
        try:
            number = phonenumbers.parse(contact.phone, region)
        except phonenumbers.NumberParseException:
            continue
        possible = phonenumbers.is_possible_number_with_reason(number)
        if possible != phonenumbers.ValidationResult.IS_POSSIBLE:
            continue
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        if e164 != contact.phone:
            Contact.objects.filter(pk=contact.pk).update(phone=e164)


class Migration(migrations.Migration):
    dependencies = [("customers", "0001_initial")]

    operations = [migrations.RunPython(to_e164, migrations.RunPython.noop)]

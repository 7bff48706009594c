"""Everyone who had an account before sign-up existed was registered by an administrator, who
vouched for their address: record it as verified, so sign-in (which now needs a verified
address) keeps working for them."""
from django.db import migrations


def verify_existing_addresses(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    have_one = set(EmailAddress.objects.values_list("user_id", flat=True))
    EmailAddress.objects.bulk_create(
        EmailAddress(user_id=user_id, email=email, verified=True, primary=True)
        for user_id, email in User.objects.exclude(pk__in=have_one).values_list("pk", "email").iterator()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(verify_existing_addresses, migrations.RunPython.noop)]

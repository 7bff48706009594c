from django.db import migrations, models


def refresh_summaries(apps, schema_editor):
    """Re-read every inspected school: ungraded outcomes now give a grade or an honest outcome.

    Uses the live reading code (the point of this step), so it may only run while the inspection
    and school tables are as this migration leaves them. On a new, empty database it does nothing.
    """
    from registry.inspection_standing import refresh_inspection_summaries

    inspected = apps.get_model("registry", "Inspection").objects.values_list("school_id", flat=True).distinct()
    refresh_inspection_summaries(inspected)


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0002_outcome_labels"),
    ]

    operations = [
        migrations.AlterField(
            model_name="school",
            name="latest_outcome",
            field=models.CharField(
                choices=[
                    ("outstanding", "Outstanding"),
                    ("good", "Good"),
                    ("requires_improvement", "Requires improvement"),
                    ("inadequate", "Inadequate"),
                    ("no_overall_grade", "Key judgements, no overall grade (2024 to 2025)"),
                    ("report_card", "Report card (from Nov 2025)"),
                    ("ungraded_only", "Ungraded inspections only, no grade on record"),
                    ("not_inspected", "Not inspected"),
                ],
                db_index=True,
                default="not_inspected",
                max_length=30,
            ),
        ),
        migrations.RunPython(refresh_summaries, migrations.RunPython.noop, elidable=True),
    ]

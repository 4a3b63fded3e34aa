"""A report keeps its first publication's date through a withdrawal: timeliness counts from it.
Reports published so far start from their present publication date, the best one known."""

from django.db import migrations, models


def first_publication_copy(apps, schema_editor):
    BudgetReport = apps.get_model("municipalities", "BudgetReport")
    BudgetReport.objects.filter(published_at__isnull=False, first_published_at__isnull=True).update(
        first_published_at=models.F("published_at")
    )


class Migration(migrations.Migration):
    dependencies = [("municipalities", "0004_deadlines_from_the_law")]

    operations = [
        migrations.AddField(
            model_name="budgetreport",
            name="first_published_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="first published at"
            ),
        ),
        migrations.RunPython(first_publication_copy, migrations.RunPython.noop),
    ]

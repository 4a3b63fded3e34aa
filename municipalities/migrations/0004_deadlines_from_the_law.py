"""Stored deadlines follow the law's calendar (municipalities/deadlines.py): the draft by
25 October and the approved budget 3 working days after 20 December of the year before, the
half-year by 30 July, the annual execution by 14 February of the year after."""

from django.db import migrations

from municipalities.deadlines import legal_deadline


def deadlines_recompute(apps, schema_editor):
    BudgetReport = apps.get_model("municipalities", "BudgetReport")
    for report in BudgetReport.objects.only("pk", "year", "stage", "deadline").iterator():
        deadline = legal_deadline(report.year, report.stage)
        if report.deadline != deadline:
            BudgetReport.objects.filter(pk=report.pk).update(deadline=deadline)


class Migration(migrations.Migration):
    dependencies = [("municipalities", "0003_editorial_team_permissions")]

    operations = [migrations.RunPython(deadlines_recompute, migrations.RunPython.noop)]

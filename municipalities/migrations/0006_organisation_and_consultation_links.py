"""A municipality names its organisation on the site, and a draft report the consultation opened
on it, instead of both being matched by the municipality's name. Links the existing ones by that
old rule, so nothing already opened loses its way back."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def links_by_name(apps, schema_editor):
    Municipality = apps.get_model("municipalities", "Municipality")
    BudgetReport = apps.get_model("municipalities", "BudgetReport")
    Organisation = apps.get_model("organisations", "Organisation")
    ConsultationPage = apps.get_model("consultations", "ConsultationPage")
    for municipality in Municipality.objects.filter(locale__language_code=settings.LANGUAGE_CODE):
        organisation = (
            Organisation.objects.filter(kind="municipality", name=municipality.name)
            .order_by("pk")
            .first()
        )
        if organisation is None:
            continue
        Municipality.objects.filter(
            translation_key=municipality.translation_key, organisation__isnull=True
        ).update(organisation=organisation)
        for report in BudgetReport.objects.filter(
            municipality=municipality, stage="draft", consultation__isnull=True
        ):
            consultation = (
                ConsultationPage.objects.filter(
                    kind="draft-local-budget",
                    fiscal_year=report.year,
                    owner_organisation=organisation,
                    locale__language_code=settings.LANGUAGE_CODE,
                )
                .order_by("pk")
                .first()
            )
            if consultation is not None:
                report.consultation = consultation
                report.save(update_fields=["consultation"])


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0004_top_level_comment_indexes"),
        ("municipalities", "0005_first_publication"),
        ("organisations", "0002_moderators_decide_verification"),
    ]

    operations = [
        migrations.AddField(
            model_name="budgetreport",
            name="consultation",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="consultations.consultationpage",
                verbose_name="consultation",
            ),
        ),
        migrations.AddField(
            model_name="municipality",
            name="organisation",
            field=models.ForeignKey(
                blank=True,
                help_text="Its representatives answer the comments on the municipality's draft budgets.",
                limit_choices_to={"kind": "municipality"},
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="organisations.organisation",
                verbose_name="organisation on the site",
            ),
        ),
        migrations.RunPython(links_by_name, migrations.RunPython.noop),
    ]

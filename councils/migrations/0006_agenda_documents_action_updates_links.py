"""Agenda items carry several documents, action items keep every later update, and decisions
and action items are linked to the agenda item they belong to: the new tables and columns (the
rows are carried over by 0007, the old columns dropped by 0008, each in its own transaction)."""

import datetime

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models

STATUS_CHOICES = [
    ("open", "Open"),
    ("in_progress", "In progress"),
    ("done", "Done"),
    ("dropped", "Dropped"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("councils", "0005_minutes_signed_pdf_text"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        migrations.CreateModel(
            name="AgendaItemDocument",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                ("agenda_item", modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name="documents", to="councils.agendaitem")),
                ("document", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="wagtaildocs.document", verbose_name="document")),
            ],
            options={
                "verbose_name": "agenda item document",
                "verbose_name_plural": "agenda item documents",
                "ordering": ["sort_order"],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="ActionItemUpdate",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                ("noted_on", models.DateField(default=datetime.date.today, verbose_name="date")),
                ("status", models.CharField(choices=STATUS_CHOICES, default="in_progress", max_length=20, verbose_name="status")),
                ("note", models.TextField(blank=True, verbose_name="what happened")),
                ("action_item", modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name="updates", to="councils.actionitem")),
            ],
            options={
                "verbose_name": "action item update",
                "verbose_name_plural": "action item updates",
                "ordering": ["sort_order"],
                "abstract": False,
            },
        ),
        migrations.RenameField(model_name="decision", old_name="agenda_item", new_name="topic"),
        migrations.AlterField(
            model_name="decision",
            name="topic",
            field=models.CharField(blank=True, help_text="For a matter that was not on the agenda.", max_length=255, verbose_name="other matter"),
        ),
        migrations.AddField(
            model_name="decision",
            name="agenda_item",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="decisions", to="councils.agendaitem", verbose_name="agenda item"),
        ),
        migrations.AddField(
            model_name="actionitem",
            name="agenda_item",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="action_items", to="councils.agendaitem", verbose_name="agenda item"),
        ),
    ]

"""The columns 0007 carried over: an agenda item's one document, an action item's latest
update."""

from django.db import migrations, models

STATUS_CHOICES = [
    ("open", "Open"),
    ("in_progress", "In progress"),
    ("done", "Done"),
    ("dropped", "Dropped"),
]


class Migration(migrations.Migration):
    dependencies = [("councils", "0007_carry_over_agenda_documents_updates_links")]

    operations = [
        migrations.RemoveField(model_name="agendaitem", name="document"),
        migrations.RemoveField(model_name="actionitem", name="progress_note"),
        migrations.RemoveField(model_name="actionitem", name="progress_noted_on"),
        migrations.AlterField(
            model_name="actionitem",
            name="status",
            field=models.CharField(choices=STATUS_CHOICES, default="open", max_length=20, verbose_name="status at the meeting"),
        ),
    ]

"""Progress updates go through Wagtail's "Moderators approval" workflow, like pages do.

A progress update changes a measure's derived status in public, so an editor's draft is
reviewed before it counts. Administrators can assign another workflow in Settings → Workflows.
"""

from django.db import migrations


def assign_moderation(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    ContentType = apps.get_model("contenttypes", "ContentType")
    workflow = Workflow.objects.filter(name="Moderators approval", active=True).first()
    if workflow is None:
        return
    content_type, _ = ContentType.objects.get_or_create(app_label="themes", model="progressupdate")
    WorkflowContentType.objects.get_or_create(
        content_type=content_type, defaults={"workflow": workflow}
    )


def unassign_moderation(apps, schema_editor):
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    WorkflowContentType.objects.filter(
        content_type__app_label="themes", content_type__model="progressupdate"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("themes", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(assign_moderation, unassign_moderation)]

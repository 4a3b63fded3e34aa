"""The "Council minutes approval" workflow: a council's secretary drafts and submits, the
chair of that council approves (Wagtail's "Moderators" may approve any council's pages), and
the page is published. Council pages use it wherever they are in the tree
(`CouncilWorkflowMixin`)."""

from django.db import migrations

WORKFLOW_NAME = "Council minutes approval"
TASK_NAME = "Approval by the council's chair"


def create_workflow(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Task = apps.get_model("councils", "CouncilChairApprovalTask")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="councils", model="councilchairapprovaltask"
    )
    task = Task.objects.filter(name=TASK_NAME).first() or Task.objects.create(
        name=TASK_NAME, content_type=content_type, active=True
    )
    task.groups.add(*Group.objects.filter(name="Moderators"))
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})


def remove_workflow(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW_NAME).delete()
    apps.get_model("councils", "CouncilChairApprovalTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("councils", "0002_registry_meetings_minutes"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_workflow, remove_workflow)]

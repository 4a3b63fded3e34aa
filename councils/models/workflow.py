from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, Page, TaskState

from councils.rules import chaired_council_paths, is_council_chair


class CouncilChairApprovalTask(AbstractGroupApprovalTask):
    """Approval by the chair of the council the page belongs to, so a chair approves the
    minutes of their own council and no other. Members of the task's groups (Wagtail's
    "Moderators") approve any council's pages."""

    def _may_approve(self, obj, user) -> bool:
        return user.is_superuser or self._user_in_groups(user) or is_council_chair(user, obj)

    def user_can_access_editor(self, obj, user):
        return self._may_approve(obj, user)

    def locked_for_user(self, obj, user):
        return not self._may_approve(obj, user)

    def user_can_lock(self, obj, user):
        return self._may_approve(obj, user)

    def get_actions(self, obj, user):
        if self._may_approve(obj, user):
            return [
                ("reject", _("Request changes"), True),
                ("approve", _("Approve"), False),
                ("approve", _("Approve with comment"), True),
            ]
        return []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        in_progress = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser or self._user_in_groups(user):
            return in_progress
        paths = chaired_council_paths(user)
        if not paths:
            return TaskState.objects.none()
        under = Q()
        for path in paths:
            under |= Q(path__startswith=path)
        page_ids = Page.objects.filter(under).values_list("pk", flat=True)
        return in_progress.filter(workflow_state__object_id__in=[str(pk) for pk in page_ids])

    @classmethod
    def get_description(cls):
        return _("The chair of the page's council approves (or a member of the chosen groups)")

    class Meta:
        verbose_name = _("council chair approval")
        verbose_name_plural = _("council chair approvals")

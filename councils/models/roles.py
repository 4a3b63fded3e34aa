from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Collection


class CouncilRoleGroup(models.Model):
    """The Wagtail group through which the holders of one role in one council get permissions
    on that council's pages (in every language). Its members follow the council's member list
    (`council_roles_sync`); an administrator should not edit them by hand."""

    # A council and its translations share this key, so one group covers all of them.
    council_key = models.UUIDField(_("council"), db_index=True)
    role = models.CharField(_("role"), max_length=20)
    group = models.OneToOneField(
        Group, on_delete=models.CASCADE, related_name="council_role", verbose_name=_("group")
    )

    class Meta:
        verbose_name = _("council role group")
        verbose_name_plural = _("council role groups")
        constraints = [
            models.UniqueConstraint(fields=["council_key", "role"], name="one_group_per_role")
        ]

    def __str__(self) -> str:
        return self.group.name


class CouncilCollection(models.Model):
    """The Wagtail collection that holds one council's documents (agenda papers, founding act,
    signed minutes). Its role groups may add and choose documents there and nowhere else."""

    # A council and its translations share this key, so one collection serves all of them.
    council_key = models.UUIDField(_("council"), unique=True)
    collection = models.OneToOneField(
        Collection,
        on_delete=models.CASCADE,
        related_name="council",
        verbose_name=_("collection"),
    )

    class Meta:
        verbose_name = _("council collection")
        verbose_name_plural = _("council collections")

    def __str__(self) -> str:
        return self.collection.name

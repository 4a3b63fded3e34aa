"""The registry of municipalities.

The Azerbaijani row is the municipality: budget reports and follows point at it. Its English
and Russian rows are translations of its name and region (Wagtail's "Translate" action on the
snippet), as for the plan's bodies; the slug is the same in every language.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Collection, TranslatableMixin

from municipalities.choices import MunicipalityKind

# Azerbaijan elected its first municipalities in December 1999.
FIRST_YEAR = 1999
LAST_YEAR = 2100
year_validators = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
# Held by the site-wide editorial groups only (migration 0003), never by a municipality's
# editor group: who may set the fields that say what the municipality is and who edits it.
REGISTRY_PERMISSION = "municipalities.change_municipality"


# What is said of the municipality itself, the same in every language: only the name and the
# region are translated. The Azerbaijani row holds them; its translations carry copies.
SHARED_FIELDS = (
    "slug",
    "kind",
    "population",
    "population_year",
    "website",
    "email",
    "phone",
    "address",
    "public_council",
    "organisation",
    "editor_group",
    "collection",
    "is_demo",
)


class MunicipalityForm(WagtailAdminModelForm):
    """A translation's form offers only what is translated, the name and the region: the other
    fields are the Azerbaijani entry's to set (and copied from it), so they are not in the
    translation's form at all and a crafted POST of them is ignored. A new entry, or one in
    another language with no Azerbaijani original, keeps the whole form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.is_translation():
            for name in SHARED_FIELDS:
                self.fields.pop(name, None)


class MunicipalityQuerySet(models.QuerySet):
    def in_source_language(self):
        """The municipalities themselves (Azerbaijani rows), not their translations."""
        return self.filter(locale__language_code=settings.LANGUAGE_CODE)


class Municipality(TranslatableMixin, models.Model):
    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        help_text=_("The municipality's address on the site, the same in every language."),
    )
    region = models.CharField(
        _("district or city"),
        max_length=120,
        help_text=_("The district or city the municipality lies in, e.g. Shaki district."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MunicipalityKind.choices)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(
        _("population as of year"), null=True, blank=True, validators=year_validators
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    address = models.CharField(_("postal address"), max_length=255, blank=True)
    public_council = models.ForeignKey(
        "councils.CouncilPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="municipalities",
        verbose_name=_("public council"),
        limit_choices_to={"locale__language_code": settings.LANGUAGE_CODE},
    )
    # The municipality as an organisation on the site: its representatives answer the comments
    # on its draft budgets, and the consultations it owns are the municipality's.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation on the site"),
        limit_choices_to={"kind": "municipality"},
        help_text=_("Its representatives answer the comments on the municipality's draft budgets."),
    )
    # Members of this group are the municipality's editors: they upload and publish its
    # budget reports and nobody else's (municipalities/rules.py). A foreign key, not a
    # one-to-one: the translations copy it.
    editor_group = models.ForeignKey(
        Group,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="edited_municipalities",
        verbose_name=_("editor group"),
    )
    # Where its editors put the signed budget decisions (documents).
    collection = models.ForeignKey(
        Collection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("documents collection"),
    )
    is_demo = models.BooleanField(
        _("demo data"),
        default=False,
        help_text=_("Made up for trying the platform out; shown as such."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MunicipalityQuerySet.as_manager()

    base_form_class = MunicipalityForm

    # The slug, the council, the organisation, the editor group, the collection and the demo
    # mark are the site-wide editors' to set: for a municipality's own editors the form
    # (django-permissionedforms through Wagtail's FieldPanel) has no such fields, so a crafted
    # POST of them is ignored.
    panels = [
        FieldPanel("name"),
        FieldPanel("slug", permission=REGISTRY_PERMISSION),
        FieldRowPanel([FieldPanel("region"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("population"), FieldPanel("population_year")]),
        MultiFieldPanel(
            [
                FieldPanel("website"),
                FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
                FieldPanel("address"),
            ],
            heading=_("Contacts"),
        ),
        FieldPanel("public_council", permission=REGISTRY_PERMISSION),
        FieldPanel("organisation", permission=REGISTRY_PERMISSION),
        FieldRowPanel(
            [
                FieldPanel("editor_group", permission=REGISTRY_PERMISSION),
                FieldPanel("collection", permission=REGISTRY_PERMISSION),
            ]
        ),
        FieldPanel("is_demo", permission=REGISTRY_PERMISSION),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name", "pk"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="municipality_slug_unique_per_locale"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def is_translation(self) -> bool:
        """A row in another language of a municipality registered in Azerbaijani."""
        return (
            self.pk is not None
            and self.locale_id is not None
            and Municipality.objects.in_source_language()
            .filter(translation_key=self.translation_key)
            .exclude(pk=self.pk)
            .exists()
        )

    def shared_values(self) -> dict:
        """The SHARED_FIELDS' values by column (`editor_group_id`), as a translation copies them."""
        return {
            field.attname: getattr(self, field.attname)
            for field in (self._meta.get_field(name) for name in SHARED_FIELDS)
        }

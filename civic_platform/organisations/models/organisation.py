"""Organisations, their members and invitations, and requests to verify them."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from stdnum.az import voen

from civic_platform.organisations.storage import private_storage

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_FORMATS = {"PNG", "JPEG", "WEBP"}
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
# Extension and the type the file's first bytes say it is; both must agree.
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
}
DOCUMENTS_PER_REQUEST = 5
# Addresses the management views use below the organisations section; no organisation's
# slug may take them.
RESERVED_SLUGS = {"manage", "invitations", "documents", "new"}


class Kind(models.TextChoices):
    NGO = "ngo", _("Non-governmental organisation")
    STATE_BODY = "state-body", _("State body")
    MUNICIPALITY = "municipality", _("Municipality")
    BUSINESS = "business", _("Business")
    ACADEMIC = "academic", _("Academic institution")


class LegalForm(models.TextChoices):
    PUBLIC_ASSOCIATION = "public-association", _("Public association")
    FOUNDATION = "foundation", _("Foundation")
    UNION = "union", _("Union of legal entities")
    PUBLIC_LEGAL_ENTITY = "public-legal-entity", _("Public legal entity")
    STATE_INSTITUTION = "state-institution", _("State institution")
    MUNICIPALITY = "municipality", _("Municipality")
    LLC = "llc", _("Limited liability company")
    JSC = "jsc", _("Joint-stock company")
    OTHER = "other", _("Other")


class Region(models.TextChoices):
    """Azerbaijan's economic regions (2021 division); Baku is one of them."""

    BAKU = "baku", _("Baku")
    ABSHERON_KHIZI = "absheron-khizi", _("Absheron-Khizi")
    MOUNTAINOUS_SHIRVAN = "mountainous-shirvan", _("Mountainous Shirvan")
    GANJA_DASHKASAN = "ganja-dashkasan", _("Ganja-Dashkasan")
    KARABAKH = "karabakh", _("Karabakh")
    GAZAKH_TOVUZ = "gazakh-tovuz", _("Gazakh-Tovuz")
    GUBA_KHACHMAZ = "guba-khachmaz", _("Guba-Khachmaz")
    LANKARAN_ASTARA = "lankaran-astara", _("Lankaran-Astara")
    CENTRAL_ARAN = "central-aran", _("Central Aran")
    MIL_MUGHAN = "mil-mughan", _("Mil-Mughan")
    NAKHCHIVAN = "nakhchivan", _("Nakhchivan")
    SHAKI_ZAGATALA = "shaki-zagatala", _("Shaki-Zagatala")
    SHIRVAN_SALYAN = "shirvan-salyan", _("Shirvan-Salyan")
    EAST_ZANGEZUR = "east-zangezur", _("East Zangezur")


class FieldOfWork(models.TextChoices):
    HUMAN_RIGHTS = "human-rights", _("Human rights")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health")
    ENVIRONMENT = "environment", _("Environment")
    YOUTH = "youth", _("Youth")
    GENDER = "gender", _("Women and gender equality")
    SOCIAL = "social", _("Social protection")
    DISABILITY = "disability", _("Rights of persons with disabilities")
    CULTURE = "culture", _("Culture")
    ECONOMY = "economy", _("Economy and entrepreneurship")
    GOVERNANCE = "governance", _("Good governance and transparency")
    MEDIA = "media", _("Media")
    LOCAL = "local", _("Local development")
    SCIENCE = "science", _("Science and research")
    OTHER = "other", _("Other")


def validate_voen(value: str) -> None:
    if not voen.is_valid(value):
        raise ValidationError(
            _("A VÖEN has 10 digits ending in 1 or 2, with a correct check digit."),
            code="invalid_voen",
        )


validate_phone = RegexValidator(
    r"^\+?[0-9 ()-]{7,20}$",
    _("Write the phone number with digits, spaces and an optional leading +."),
)


def validate_logo(image) -> None:
    if getattr(image, "_committed", False):
        return  # checked when it was uploaded
    if image.size > LOGO_MAX_BYTES:
        raise ValidationError(
            _("The logo is %(size)s KB; it may be at most %(limit)s KB.")
            % {"size": image.size // 1024, "limit": LOGO_MAX_BYTES // 1024},
            code="logo_too_large",
        )
    upload = getattr(image, "file", image)
    # Set by the form's ImageField when it checked that Pillow can read the file.
    picture = getattr(upload, "image", None)
    if picture is None:
        try:
            upload.seek(0)
            picture = PILImage.open(upload)
        except (OSError, ValueError) as error:
            raise ValidationError(_("The logo must be a PNG, JPEG or WebP image.")) from error
        finally:
            upload.seek(0)
    if picture.format not in LOGO_FORMATS:
        raise ValidationError(_("The logo must be a PNG, JPEG or WebP image."), code="logo_type")


def validate_fields_of_work(value) -> None:
    if not isinstance(value, list) or not set(value) <= set(FieldOfWork.values):
        raise ValidationError(_("Choose fields of work from the list."), code="fields_of_work")


class OrganisationQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(verified_at__isnull=False)


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    registration_number = models.CharField(
        _("registration number (VÖEN)"),
        max_length=10,
        blank=True,
        validators=[validate_voen],
        help_text=_("The tax identification number, 10 digits. Optional."),
    )
    legal_form = models.CharField(
        _("legal form"), max_length=30, choices=LegalForm.choices, blank=True
    )
    fields_of_work = models.JSONField(
        _("fields of work"), default=list, blank=True, validators=[validate_fields_of_work]
    )
    region = models.CharField(_("region"), max_length=30, choices=Region.choices)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    address = models.CharField(_("postal address"), max_length=255, blank=True)
    logo = models.ImageField(
        _("logo"),
        upload_to="organisations/logos/",
        blank=True,
        validators=[validate_logo],
        help_text=_("PNG, JPEG or WebP, at most 2 MB."),
    )
    description = models.TextField(_("description"), blank=True, max_length=5000)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration_number"],
                condition=~Q(registration_number=""),
                name="organisation_unique_registration_number",
                violation_error_message=_("An organisation with this VÖEN is already registered."),
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This address is reserved; choose another.")})

    def fields_of_work_labels(self) -> list[str]:
        labels = dict(FieldOfWork.choices)
        return [labels[value] for value in self.fields_of_work if value in labels]


class Role(models.TextChoices):
    REPRESENTATIVE = "representative", _("Representative")
    MEMBER = "member", _("Member")


class Membership(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    shown_publicly = models.BooleanField(_("show me on the organisation's page"), default=False)
    public_name = models.CharField(
        _("name shown on the page"),
        max_length=120,
        blank=True,
        help_text=_("How you want to appear on the organisation's public page."),
    )
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="membership_once")
        ]

    def __str__(self):
        return f"{self.user} · {self.organisation} ({self.role})"

    @property
    def is_representative(self) -> bool:
        return self.role == Role.REPRESENTATIVE

    def clean(self):
        super().clean()
        if self.shown_publicly and not self.public_name.strip():
            raise ValidationError(
                {"public_name": _("Give the name to show, or choose not to be shown.")}
            )


def _invitation_key() -> str:
    return secrets.token_urlsafe(24)


class Invitation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    # Secret part of the emailed link; the link is this key signed with a timestamp.
    key = models.CharField(max_length=64, unique=True, default=_invitation_key, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.email} → {self.organisation}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.PENDING and self.expires_at > timezone.now()


class VerificationRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="verification_requests",
        verbose_name=_("organisation"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    message = models.TextField(_("message to the moderators"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("verification request")
        verbose_name_plural = _("verification requests")
        ordering = ["created_at", "pk"]
        permissions = [("decide_verificationrequest", _("Can decide verification requests"))]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(status="pending"),
                name="one_pending_verification_request",
            )
        ]

    def __str__(self):
        return f"{self.organisation} · {self.get_status_display()}"


def _document_path(instance, filename) -> str:
    # A random name: the organisation's own file name is kept in `original_name` only.
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"verification/{instance.request_id}/{secrets.token_hex(16)}.{extension}"


class VerificationDocument(models.Model):
    request = models.ForeignKey(
        VerificationRequest, on_delete=models.CASCADE, related_name="documents"
    )
    file = models.FileField(upload_to=_document_path, storage=private_storage, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("verification document")
        verbose_name_plural = _("verification documents")
        ordering = ["pk"]

    def __str__(self):
        return self.original_name

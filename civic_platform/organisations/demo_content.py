"""Sample organisations for `make run` (load_demo_content); never loaded in production."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from civic_platform.organisations.models import FieldOfWork, Kind, LegalForm, Organisation, Region
from civic_platform.organisations.services import organisation_create
from civic_platform.services import StructureReport

DEMO_REPRESENTATIVE = "sample.representative@example.org"
SAMPLES = [
    {
        "name": "Nümunə: Şəffaf Büdcə İctimai Birliyi",
        "kind": Kind.NGO,
        "legal_form": LegalForm.PUBLIC_ASSOCIATION,
        "region": Region.BAKU,
        "fields_of_work": [FieldOfWork.GOVERNANCE, FieldOfWork.ECONOMY],
        "description": (
            "Nümunə təşkilat (demo məlumat): yerli büdcələrin açıqlığı ilə məşğul olan "
            "ictimai birlik. A sample organisation for trying the platform out."
        ),
        "verified": True,
    },
    {
        "name": "Nümunə: Gənc Ekoloqlar Fondu",
        "kind": Kind.NGO,
        "legal_form": LegalForm.FOUNDATION,
        "region": Region.SHAKI_ZAGATALA,
        "fields_of_work": [FieldOfWork.ENVIRONMENT, FieldOfWork.YOUTH],
        "description": "Nümunə təşkilat (demo məlumat). A sample organisation, not verified.",
        "verified": False,
    },
]


@transaction.atomic
def demo_content_ensure() -> StructureReport:
    """Adds the sample organisations that are missing; keeps those present as they are."""
    representative, created_user = get_user_model().objects.get_or_create(
        username="sample-representative", defaults={"email": DEMO_REPRESENTATIVE}
    )
    if created_user:
        representative.set_unusable_password()
        representative.save()
    report = StructureReport()
    for sample in SAMPLES:
        fields = {k: v for k, v in sample.items() if k != "verified"}
        if Organisation.objects.filter(name=sample["name"]).exists():
            report.kept.append(sample["name"])
            continue
        organisation = organisation_create(user=representative, **fields)
        if sample["verified"]:
            # Sample data stands in for a moderator's decision; real ones go through
            # verification_request_decide.
            Organisation.objects.filter(pk=organisation.pk).update(verified_at=timezone.now())
        report.created.append(sample["name"])
    return report

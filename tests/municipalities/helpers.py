"""Municipalities, budget files and people in each role, shared by the municipalities tests."""

import io

from django.contrib.auth.models import Group
from openpyxl import Workbook

from municipalities.models import Municipality
from municipalities.services.registry import municipalities_import
from municipalities.services.reports import budget_report_import
from tests.factories import UserFactory

REGISTRY_HEADER = "slug,name,region,kind,population,population_year,website,email,phone,address"
REGISTRY = (
    f"{REGISTRY_HEADER},name_en,region_en\n"
    "sheki,Şəki bələdiyyəsi,Şəki rayonu,city,68400,2024,https://sheki.example.az,"
    "info@sheki.example.az,+994 24 244 00 00,Şəki,Shaki municipality,Shaki district\n"
    "ilisu,İlisu bələdiyyəsi,Qax rayonu,village,2500,2023,,,,,Ilisu municipality,Gakh district\n"
)
HEADER = "code,name,kind,planned,revised,executed"
# A small execution report: two revenue lines (a local tax, a transfer), two expenditures.
EXECUTION_CSV = (
    f"{HEADER}\n"
    "1.1.1,Fiziki şəxslərdən torpaq vergisi,revenue,1 200,,1 150.50\n"
    "3.1,Dövlət büdcəsindən dotasiya,revenue,800.00,900,900\n"
    "04.1,Məktəbəqədər təhsil,expenditure,1500,,1400\n"
    "08.2,Küçələrin işıqlandırılması,expenditure,500,,450.25\n"
)
APPROVED_CSV = (
    f"{HEADER}\n"
    "1.1.1,Fiziki şəxslərdən torpaq vergisi,revenue,1200,,\n"
    "04.1,Məktəbəqədər təhsil,expenditure,1500,,\n"
)


def registry(*, demo: bool = False):
    """Registers Şəki and İlisu; returns them (Azerbaijani rows) by slug."""
    municipalities_import(data=REGISTRY.encode(), is_demo=demo)
    return {m.slug: m for m in Municipality.objects.in_source_language()}


def xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def user_in(*groups):
    user = UserFactory()
    for group in groups:
        user.groups.add(group if isinstance(group, Group) else Group.objects.get(name=group))
    return user


def approved_report(municipality, year):
    """An unpublished approved budget of APPROVED_CSV's lines, imported as the command would."""
    return budget_report_import(
        municipality=municipality,
        year=year,
        stage="approved",
        data=APPROVED_CSV.encode(),
        user=None,
    ).report

"""The OpenAPI document tells the truth: schemathesis generates requests from /api/v1/schema/
(valid and invalid ones), sends them to the application and runs every one of its checks on
each answer: no server error, documented status codes, content types and headers, response
bodies matching their schemas, invalid input refused, undocumented methods refused."""

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from civic_platform.wsgi import application

# Enough to reach every parameter's edge cases, small enough for the whole run to stay well
# under two minutes.
EXAMPLES_PER_OPERATION = 50


# Operations with a rule that ties two parameters together, which OpenAPI cannot express: a
# meetings period whose `to` comes before its `from` is refused with the documented 400 (tested
# in tests/councils/test_api.py), so a schema-valid request may rightly be refused there.
CROSS_PARAMETER_RULES = {("GET", "/api/v1/meetings/")}


def _carries_nul(value) -> bool:
    """Whether a NUL character stands anywhere in a generated value, keys included."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_carries_nul(key) or _carries_nul(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(_carries_nul(item) for item in value)
    return False


def _is_refused_by_rule(case) -> bool:
    """A schema-valid request the API rightly refuses with its documented 400.

    OpenAPI cannot say "any text but NUL" short of a pattern on every string, yet every NUL in
    an address, query or form is refused (PostgreSQL text cannot hold it; tested in
    tests/civic_platform/test_api_protocol.py).
    """
    if (case.method.upper(), case.path) in CROSS_PARAMETER_RULES:
        return True
    parts = (case.path_parameters, case.query, case.headers, case.cookies, case.body)
    return any(_carries_nul(part) for part in parts)


# Loaded when the tests are collected (the schema view reads no database), so each operation
# becomes a test of its own. schemathesis.pytest.from_fixture would load it inside a test, but
# it does not work with pytest 9 (it reads a node attribute pytest 9 removed).
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)


@pytest.fixture(autouse=True)
def _keep_the_test_transaction_open():
    """The WSGI handler closes the database connection around each request, which would end
    the test's transaction; Django's own test client suspends this the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_api_operation_keeps_its_documented_contract(case):
    if _is_refused_by_rule(case):
        case.call_and_validate(excluded_checks=[positive_data_acceptance])
    else:
        case.call_and_validate()


def test_the_schema_is_valid_openapi_generated_without_warnings(tmp_path):
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )

import json

import pytest

from tests.factories import UserFactory
from tests.processes import child_env, run_python


@pytest.mark.django_db
def test_health_tells_anonymous_callers_only_the_state_of_each_component(client):
    response = client.get("/api/v1/health/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "channel_layer": "ok",
        "search": "ok",
    }


@pytest.mark.django_db
def test_health_tells_staff_which_backends_serve_the_platform(client):
    client.force_login(UserFactory(is_staff=True))
    body = client.get("/api/v1/health/").json()
    assert body["status"] == "ok"
    assert body["details"] == {
        "database": "ok",
        "cache": "ok",
        "channel_layer": "ok",
        "search": "ok",
    }
    assert body["backends"] == {
        "database": "postgresql",
        "cache": "ResilientRedisCache",
        "channel_layer": "RedisChannelLayer",
        "search": "elasticsearch",
    }


@pytest.mark.django_db
def test_health_names_no_class_of_a_failing_component_to_anonymous_callers(client, settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    body = client.get("/api/v1/health/").json()
    assert (body["status"], body["search"]) == ("degraded", "down")
    assert "unreachable" not in str(body) and "Error" not in str(body)
    client.force_login(UserFactory(is_staff=True))
    assert client.get("/api/v1/health/").json()["details"]["search"].startswith("unreachable: ")


def test_health_answers_503_when_the_database_is_unreachable():
    # A separate process, so the broken database URL is the only thing that differs.
    env = child_env(
        DJANGO_SETTINGS_MODULE="civic_platform.settings.test",
        DATABASE_URL="postgres://civic:civic@127.0.0.1:9/civic",
    )
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client(HTTP_HOST='127.0.0.1').get('/api/v1/health/');"
        "print(r.status_code, json.dumps(r.json()))"
    )
    result = run_python(["-c", script], env=env, timeout=120, check=True)
    status, _, body = result.stdout.strip().splitlines()[-1].partition(" ")
    assert status == "503"
    assert json.loads(body) == {
        "status": "down",
        "database": "down",
        "cache": "ok",
        "channel_layer": "ok",
        "search": "ok",
    }


@pytest.mark.django_db
def test_the_openapi_schema_describes_the_api(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/health/" in schema["paths"]

import pytest

from tests.processes import child_env, run_python


@pytest.mark.django_db
def test_health_reports_every_component_ok_against_the_real_services(client):
    response = client.get("/api/v1/health/")
    assert response.status_code == 200
    body = response.json()
    assert {
        key: body[key] for key in ("status", "database", "cache", "channel_layer", "search")
    } == {
        "status": "ok",
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
    assert '"database": "unreachable' in body
    assert '"cache": "ok"' in body


@pytest.mark.django_db
def test_the_openapi_schema_describes_the_api(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/health/" in schema["paths"]

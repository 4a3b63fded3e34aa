from pathlib import Path

import yaml

DOCKER = Path(__file__).resolve().parents[2] / "docker"


def _compose():
    return yaml.safe_load((DOCKER / "compose.yaml").read_text(encoding="utf-8"))


def test_compose_runs_every_component_production_needs_with_healthchecks():
    services = _compose()["services"]
    for name in ("postgres", "redis", "elasticsearch", "web"):
        assert name in services, name
        assert "healthcheck" in services[name], name
    assert services["postgres"]["image"].startswith("postgres:15")
    assert services["elasticsearch"]["image"].split(":")[-1].startswith("8.")
    for name in ("postgres", "redis", "elasticsearch"):
        assert services[name]["volumes"], name


def test_the_web_service_is_configured_entirely_from_the_environment():
    web = _compose()["services"]["web"]
    environment = web["environment"]
    for variable in (
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "REDIS_URL",
        "ELASTICSEARCH_URL",
        "EMAIL_URL",
    ):
        assert environment.get(variable), variable
    assert environment["DJANGO_SETTINGS_MODULE"] == "civic_platform.settings.production"
    assert "${SECRET_KEY:?" in environment["SECRET_KEY"], "a missing secret must stop compose"
    for dependency in ("postgres", "redis", "elasticsearch"):
        assert web["depends_on"][dependency]["condition"] == "service_healthy"


def test_the_example_environment_names_every_required_variable():
    example = (DOCKER / "env.example").read_text(encoding="utf-8")
    names = {line.split("=", 1)[0] for line in example.splitlines() if "=" in line}
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "POSTGRES_PASSWORD"} <= names


def test_the_image_runs_as_an_unprivileged_user_and_collects_static_files():
    dockerfile = (DOCKER / "Dockerfile").read_text(encoding="utf-8")
    assert dockerfile.startswith("#") and "FROM python:3.11-slim" in dockerfile
    assert "\nUSER civic\n" in dockerfile
    assert "collectstatic" in dockerfile
    assert "daphne" in dockerfile

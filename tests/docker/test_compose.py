import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCKER = ROOT / "docker"
DOCUMENT_UPLOAD_LIMIT = 20 * 1024 * 1024
SIZE_UNITS = {"B": 1, "KB": 10**3, "MB": 10**6, "KIB": 2**10, "MIB": 2**20}


def _compose():
    return yaml.safe_load((DOCKER / "compose.yaml").read_text(encoding="utf-8"))


def _caddyfile():
    return (DOCKER / "Caddyfile").read_text(encoding="utf-8")


def _caddy_block(opening):
    """The text of the Caddyfile block that starts with `opening`, up to its closing brace."""
    text = _caddyfile()
    start = text.index(opening)
    depth = 0
    for position in range(text.index("{", start), len(text)):
        depth += {"{": 1, "}": -1}.get(text[position], 0)
        if depth == 0:
            return text[start : position + 1]
    raise AssertionError(f"unclosed block {opening!r}")


def _mounts(service):
    """{volume name: (path in the container, read-only?)} of a compose service."""
    mounts = {}
    for volume in _compose()["services"][service].get("volumes", []):
        source, target, *mode = volume.split(":")
        mounts[source] = (target, mode == ["ro"])
    return mounts


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


def test_the_web_replicas_trust_exactly_the_one_proxy_in_front_of_them():
    assert _compose()["services"]["web"]["environment"]["NUM_PROXIES"] == "1"


def test_the_worker_runs_as_its_own_service_with_the_web_environment_after_migrations():
    services = _compose()["services"]
    worker = services["worker"]
    assert worker["command"][:3] == ["python", "manage.py", "worker"]
    assert worker["environment"] == services["web"]["environment"]
    assert worker["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert worker["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert worker["restart"] == "unless-stopped"
    assert "ports" not in worker


def test_only_the_proxy_publishes_a_port():
    services = _compose()["services"]
    publishing = {name for name, service in services.items() if service.get("ports")}
    assert publishing == {"proxy"}
    assert services["proxy"]["image"].split(":")[0] == "caddy"
    assert services["proxy"]["depends_on"]["web"]["condition"] == "service_healthy"


def test_the_proxy_balances_http_and_websocket_over_every_web_replica():
    proxy = _caddy_block("reverse_proxy {")
    # Re-resolving the service name finds every replica `--scale web=N` starts.
    assert re.search(r"^\s*dynamic a web 8000 \{$", proxy, re.MULTILINE), proxy
    assert re.search(r"^\s*lb_policy round_robin$", proxy, re.MULTILINE)
    # Caddy passes the WebSocket Upgrade through unless a header rule strips it.
    assert not re.search(r"header_up\s+-?(Upgrade|Connection)", proxy, re.IGNORECASE)
    # The client's own X-Forwarded-* must be replaced, never trusted and passed on.
    assert "trusted_proxies" not in _caddyfile()
    mounted = _mounts("proxy")["./Caddyfile"]
    assert mounted == ("/etc/caddy/Caddyfile", True)


def test_the_proxy_serves_static_and_media_from_the_volumes_the_app_writes():
    migrate, web, proxy = _mounts("migrate"), _mounts("web"), _mounts("proxy")
    assert migrate["static"] == ("/app/static_collected", False)
    assert web["static"][0] == "/app/static_collected"
    assert web["media"] == ("/app/media", False)
    static_root, static_read_only = proxy["static"]
    media_root, media_read_only = proxy["media"]
    assert static_read_only and media_read_only
    assert f"root * {static_root}" in _caddy_block("handle_path /static/* {")
    media = _caddy_block("handle_path /media/* {")
    assert f"root * {media_root}" in media
    # Document files go through Wagtail's view, which checks their collection's privacy.
    assert re.search(r"@documents path /documents/\*\s+respond @documents 404", media)


def test_the_proxy_refuses_bodies_just_above_the_document_upload_limit():
    size = re.search(r"max_size (\d+)([A-Za-z]+)", _caddy_block("request_body {"))
    limit = int(size[1]) * SIZE_UNITS[size[2].upper()]
    assert DOCUMENT_UPLOAD_LIMIT <= limit <= DOCUMENT_UPLOAD_LIMIT + 2 * 1024 * 1024


def test_the_migrate_step_builds_the_site_and_imports_the_plan_without_demo_content():
    command = " ".join(_compose()["services"]["migrate"]["command"])
    steps = re.findall(r"manage\.py (\w+)", command)
    assert steps[:3] == ["migrate", "ensure_site_structure", "import_action_plan"]
    assert "collectstatic" in steps
    assert "load_demo_content" not in steps


def test_the_example_environment_names_every_required_variable():
    example = (DOCKER / "env.example").read_text(encoding="utf-8")
    names = {line.split("=", 1)[0] for line in example.splitlines() if "=" in line}
    required = set(re.findall(r"\$\{(\w+):\?", (DOCKER / "compose.yaml").read_text()))
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "POSTGRES_PASSWORD"} <= required <= names
    assert "SITE_ADDRESS" in names


def test_the_image_runs_as_an_unprivileged_user_and_collects_static_files():
    dockerfile = (DOCKER / "Dockerfile").read_text(encoding="utf-8")
    assert dockerfile.startswith("#") and "FROM python:3.11-slim" in dockerfile
    assert "\nUSER civic\n" in dockerfile
    assert "collectstatic" in dockerfile
    assert "daphne" in dockerfile


def test_the_image_installs_the_locked_versions_and_copies_the_project_in_one_step():
    dockerfile = (DOCKER / "Dockerfile").read_text(encoding="utf-8")
    copies = re.findall(r"^COPY (.+)$", dockerfile, re.MULTILINE)
    assert copies == ["pyproject.toml requirements.lock ./", ". ."]
    installs = re.findall(r"pip install ([^\\\n&]+)", dockerfile)
    assert installs and all(line.startswith("-c requirements.lock ") for line in installs)


def test_the_build_context_leaves_out_local_state_secrets_and_tests():
    ignored = {
        line.strip()
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    # docker/ holds the filled-in docker/env with the deployment's secrets.
    assert {".git", ".venv", ".services", "docker", "tests", "media", "var"} <= ignored
    # Everything the image runs must stay in the context.
    needed = {"manage.py", "pyproject.toml", "requirements.lock", "locale", "civic_platform"}
    assert not needed & ignored


def test_verification_documents_live_on_a_volume_the_web_replicas_mount_and_the_proxy_does_not():
    assert _mounts("web")["private"] == ("/app/var/private", False)
    assert "private" not in _mounts("proxy")
    assert "private" in _compose()["volumes"]

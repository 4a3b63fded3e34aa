"""docker/services.env is the one source of the test services' URLs: the script, the Makefile
and the test settings all take them from there, and the script runs compose's Elasticsearch."""

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SERVICE_VARIABLES = ("DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL")


def _services_env():
    lines = (ROOT / "docker" / "services.env").read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def _env_elsewhere():
    """An environment that points every service somewhere else, and no make of our own."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")
    }
    environment.update(
        DATABASE_URL="postgres://someone:else@127.0.0.1:5432/theirs",
        REDIS_URL="redis://127.0.0.1:6379/0",
        ELASTICSEARCH_URL="http://127.0.0.1:9200",
    )
    return environment


def _script(*arguments):
    return subprocess.run(
        [ROOT / "docker" / "services.sh", *arguments],
        capture_output=True,
        text=True,
        check=True,
        env=_env_elsewhere(),
    ).stdout


def test_services_env_names_every_service_and_avoids_the_usual_ports():
    services = _services_env()
    assert set(SERVICE_VARIABLES) <= set(services)
    ports = {int(re.search(r":(\d+)(/|$)", services[key])[1]) for key in SERVICE_VARIABLES}
    # 5432, 6379 and 9200 are where a developer's own servers live.
    assert len(ports) == 3 and not ports & {5432, 6379, 9200}
    assert all("@127.0.0.1:" in url or "//127.0.0.1:" in url for url in services.values())


def test_the_script_serves_the_urls_of_services_env_whatever_the_environment_says():
    printed = dict(line.split("=", 1) for line in _script("env").splitlines())
    for key in SERVICE_VARIABLES:
        assert printed[key] == _services_env()[key], key


def test_the_script_hard_codes_no_port():
    script = (ROOT / "docker" / "services.sh").read_text(encoding="utf-8")
    code = "\n".join(line for line in script.splitlines() if not line.lstrip().startswith("#"))
    assert not re.findall(r"\b(5432|6379|9200|9300|25432|26379|29200|55432|56379|59200)\b", code)


def test_the_tests_run_the_elasticsearch_version_compose_runs():
    printed = dict(line.split("=", 1) for line in _script("env").splitlines())
    compose = yaml.safe_load((ROOT / "docker" / "compose.yaml").read_text(encoding="utf-8"))
    image = compose["services"]["elasticsearch"]["image"]
    assert image == f"elasticsearch:{printed['ELASTICSEARCH_VERSION']}"


def test_make_test_and_bench_pass_the_urls_of_services_env_to_every_command():
    expected = [f"{key}={_services_env()[key]}" for key in SERVICE_VARIABLES]
    for target, command in (("test", "pytest"), ("bench", "-m bench")):
        dry_run = subprocess.run(
            ["make", "--dry-run", "--always-make", "--no-print-directory", target],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            env=_env_elsewhere(),
        ).stdout
        lines = [line for line in dry_run.splitlines() if command in line]
        assert lines, dry_run
        for line in lines + [ln for ln in dry_run.splitlines() if "makemigrations" in ln]:
            assert "DJANGO_SETTINGS_MODULE=civic_platform.settings.test" in line
            for setting in expected:
                assert setting in line.split(), (setting, line)


def test_the_test_settings_default_to_services_env_and_yield_to_the_environment():
    probe = (
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['HOST'], d['PORT'], d['NAME'], settings.REDIS_URL, settings.ELASTICSEARCH_URL)"
    )

    def settings_with(environment):
        environment = {**environment, "DJANGO_SETTINGS_MODULE": "civic_platform.settings.test"}
        return subprocess.run(
            [sys.executable, "-c", probe],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            env=environment,
        ).stdout.split()

    services = _services_env()
    bare = {key: value for key, value in os.environ.items() if key not in SERVICE_VARIABLES}
    host, port, name, redis_url, elasticsearch_url = settings_with(bare)
    assert f"@{host}:{port}/{name}" in services["DATABASE_URL"]
    assert (redis_url, elasticsearch_url) == (services["REDIS_URL"], services["ELASTICSEARCH_URL"])

    host, port, name, redis_url, _ = settings_with(_env_elsewhere())
    assert (port, name, redis_url) == ("5432", "theirs", "redis://127.0.0.1:6379/0")


def test_the_lock_pins_every_direct_dependency_at_the_version_pyproject_pins():
    def normalized(name):
        return re.sub(r"[-_.]+", "-", name).lower()

    lock = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith((" ", "#")):
            name, version = line.split("==")
            lock[normalized(name)] = version.strip()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = project["dependencies"] + project["optional-dependencies"]["test"]
    pinned = re.compile(r"([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==(\S+)")
    for requirement in requirements:
        name, version = pinned.fullmatch(requirement).groups()
        assert lock.get(normalized(name)) == version, f"{requirement}: run `make lock`"
    # Indirect dependencies are pinned too, not only the direct ones.
    assert len(lock) > len(requirements)

import secrets

from tests.processes import child_env, run_python


def _manage(*args, **env_overrides):
    env = child_env(
        drop=("SECRET_KEY",),
        DJANGO_SETTINGS_MODULE="civic_platform.settings.production",
        **env_overrides,
    )
    return run_python(["manage.py", *args], env=env, timeout=180)


def test_check_deploy_is_clean_under_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="opengov.example.az",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_real_secret_key():
    result = _manage("check", ALLOWED_HOSTS="opengov.example.az")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
    weak = _manage("check", SECRET_KEY="django-insecure-" + "x" * 60)
    assert weak.returncode != 0
    assert "SECRET_KEY must be set" in weak.stderr

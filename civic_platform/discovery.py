"""Finds a module of the same name in every app of this project, so the core lists no app."""

from importlib import import_module
from pathlib import Path
from types import ModuleType

from django.apps import apps
from django.conf import settings


def project_app_modules(module_name: str) -> list[ModuleType]:
    """`<app>.<module_name>` of each of this project's apps (not third-party ones) that has it."""
    modules = []
    root = Path(settings.BASE_DIR).resolve()
    for app_config in apps.get_app_configs():
        if app_config.name == "civic_platform" or Path(app_config.path).parent != root:
            continue
        try:
            modules.append(import_module(f"{app_config.name}.{module_name}"))
        except ModuleNotFoundError as error:
            if error.name != f"{app_config.name}.{module_name}":
                raise
    return modules

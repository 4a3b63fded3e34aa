"""Finds a module of the same name in every app of this project, so the core lists no app."""

from importlib import import_module
from pathlib import Path
from types import ModuleType

from django.apps import apps
from django.conf import settings


def _is_project_app(app_path: str, root: Path) -> bool:
    """A top-level package of the repository, or one nested in it (`civic_platform.accounts`).

    The virtualenv may live under the repository too, so its packages are told apart by
    their top-level folder being the repository's own.
    """
    path = Path(app_path).resolve()
    if not path.is_relative_to(root) or path == root:
        return False
    top_level = root / path.relative_to(root).parts[0]
    return (top_level / "__init__.py").is_file() and not top_level.name.startswith(".")


def project_app_modules(module_name: str) -> list[ModuleType]:
    """`<app>.<module_name>` of each of this project's apps (not third-party ones) that has it."""
    modules = []
    root = Path(settings.BASE_DIR).resolve()
    for app_config in apps.get_app_configs():
        if app_config.name == "civic_platform" or not _is_project_app(app_config.path, root):
            continue
        try:
            modules.append(import_module(f"{app_config.name}.{module_name}"))
        except ModuleNotFoundError as error:
            if error.name != f"{app_config.name}.{module_name}":
                raise
    return modules

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from civic_platform.services import site_structure_ensure
from themes.services import ACTION_PLAN_FILE, ActionPlanError, action_plan_import, load_action_plan


class Command(BaseCommand):
    help = (
        "Import the National Action Plan (areas, measures, bodies) and its pages in az, en and "
        "ru. Safe to run again: it updates what the file changed, duplicates nothing, and keeps "
        "every change an editor made since the last import."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", default=str(ACTION_PLAN_FILE), help="the plan file (YAML)"
        )

    def handle(self, *args, path, **options):
        verbose = options["verbosity"] > 0
        try:
            data = load_action_plan(Path(path))
            # The plan's pages hang under the plan page of each language.
            site_structure_ensure()
            report = action_plan_import(
                data=data,
                progress=(lambda line: self.stdout.write(f"  {line}")) if verbose else None,
            )
        except ActionPlanError as error:
            raise CommandError(f"Nothing was imported. {error}") from error
        if verbose:
            for outcome in ("created", "updated", "unchanged"):
                counts = getattr(report, outcome)
                if counts:
                    summary = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
                    self.stdout.write(f"{outcome.capitalize()}: {summary}")
        if report.kept:
            self.stdout.write(
                self.style.WARNING(
                    f"Kept {_count(report.kept, 'editor change')}: {', '.join(report.kept)}"
                )
            )
        if report.skipped:
            self.stdout.write(
                self.style.WARNING(
                    f"Left {_count(report.skipped, 'page')} alone (a draft, review or lock is "
                    f"open): {', '.join(report.skipped)}"
                )
            )
        if verbose:
            self.stdout.write(self.style.SUCCESS("The action plan is up to date."))


def _count(items: list, noun: str) -> str:
    return f"{len(items)} {noun}{'' if len(items) == 1 else 's'}"

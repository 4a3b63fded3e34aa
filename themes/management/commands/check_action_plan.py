from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from themes.plan_source import (
    PlanSourceError,
    check_plan_against_source,
    parse_plan_source,
    read_plan,
    read_plan_source,
)
from themes.services import ACTION_PLAN_FILE


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


class Command(BaseCommand):
    help = (
        "Check the plan file against the plan's source text (Azerbaijani plain text): every area "
        "and measure is there, and each Azerbaijani title and indicator uses the plan's own "
        "words in the same order. Exits with an error listing every mismatch."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source", required=True, help="the plan's Azerbaijani plain text (UTF-8)"
        )
        parser.add_argument(
            "--plan", default=str(ACTION_PLAN_FILE), help="the plan file (YAML) to check"
        )

    def handle(self, *args, source, plan, **options):
        verbose = options["verbosity"] > 0
        try:
            source_text = read_plan_source(Path(source))
            plan_data = read_plan(Path(plan))
        except PlanSourceError as error:
            raise CommandError(f"Nothing was checked. {error}") from error

        parsed = parse_plan_source(source_text)
        if not parsed.measures:
            raise CommandError(
                f"Nothing was checked. {source} numbers no measure: a measure's row starts with "
                "its number on its own line, as in '5.5.'."
            )
        if verbose:
            self.stdout.write(f"Checking {plan} against {source}")
        mismatches = check_plan_against_source(
            plan_data,
            parsed,
            progress=(lambda line: self.stdout.write(f"  {line}")) if verbose else None,
        )
        if mismatches:
            listed = "\n".join(f"  {mismatch}" for mismatch in mismatches)
            raise CommandError(
                f"{plural(len(mismatches), 'mismatch', 'mismatches')} between {plan} and its "
                f"source text {source}:\n{listed}"
            )
        if verbose:
            self.stdout.write(
                self.style.SUCCESS(
                    f"The plan file agrees with its source: {len(parsed.areas)} areas and "
                    f"{len(parsed.measures)} measures, every Azerbaijani title and indicator in "
                    "the plan's own words."
                )
            )

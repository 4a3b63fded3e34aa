"""`manage.py check_action_plan --source FILE`: the plan file against the plan's own text.

The source texts here are written from the plan file itself, laid out as the PDF extraction
lays out the real one (numbered rows, cells one after another, lines broken mid-sentence), so
they agree with it until a test changes a word.
"""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from themes.services import load_action_plan

MANAGE_PY = Path(__file__).resolve().parents[2] / "manage.py"


def _lines(text: str) -> list[str]:
    return textwrap.wrap(text, width=45)


def _measure_row(entry: dict, *, page_break: bool = False) -> list[str]:
    title = _lines(entry["title"]["az"])
    cells = [
        *_lines(entry["indicator"]["az"]),
        "",
        *_lines("İcraçılar: " + ", ".join(entry["executors"])),
        "",
        str(entry["deadline"]),
        "",
    ]
    if page_break and len(title) > 1:
        # A page break cuts the row: the first lines of every column, then the rest of each.
        return [f"{entry['code']}. ", "", title[0], "", *cells, "", *title[1:], ""]
    return [f"{entry['code']}. ", "", *title, "", *cells]


def _source_text(plan: dict, *, page_break_in: str = "", leave_out: str = "") -> str:
    lines = [plan["title"]["az"], "", "№ Tədbirin adı", "Qiymətləndirmə indikatoru", ""]
    for area in plan["areas"]:
        lines += [f"{area['number']}. {area['title']['az']} ", ""]
        for entry in area["measures"]:
            if entry["code"] != leave_out:
                lines += _measure_row(entry, page_break=entry["code"] == page_break_in)
    return "\n".join(lines) + "\n"


def _entry(plan: dict, code: str) -> dict:
    area = plan["areas"][int(code.split(".")[0]) - 1]
    return next(entry for entry in area["measures"] if entry["code"] == code)


def _write(tmp_path: Path, text: str) -> Path:
    source = tmp_path / "plan.txt"
    source.write_text(text, encoding="utf-8")
    return source


def test_a_plan_file_that_agrees_with_its_source_passes_with_progress_per_area(tmp_path, capsys):
    # 3.6 is cut by a page break in the real source too.
    source = _write(tmp_path, _source_text(load_action_plan(), page_break_in="3.6"))

    call_command("check_action_plan", source=str(source))

    out = capsys.readouterr().out
    assert "area 1: 10 measures checked, ok" in out
    assert "area 9: 4 measures checked, ok" in out
    assert "agrees with its source: 9 areas and 64 measures" in out


def test_a_changed_word_in_a_measures_indicator_fails_the_check_naming_that_measure(tmp_path):
    source_plan = load_action_plan()
    indicator = _entry(source_plan, "5.5")["indicator"]
    assert indicator["az"] == "İctimai şuraların fəaliyyəti ilə bağlı məlumatlar"
    indicator["az"] = "İctimai şuraların fəaliyyəti ilə bağlı hesabatlar"
    source = _write(tmp_path, _source_text(source_plan))

    with pytest.raises(CommandError) as raised:
        call_command("check_action_plan", source=str(source), verbosity=0)

    message = str(raised.value)
    assert message.startswith("1 mismatch between")
    assert "measure 5.5, indicator (az): “məlumatlar” (word 6 of 6)" in message


def test_a_changed_word_in_an_area_title_fails_the_check_naming_that_area(tmp_path):
    source_plan = load_action_plan()
    title = source_plan["areas"][1]["title"]
    title["az"] = title["az"].replace("şəffaflığının", "açıqlığının")
    source = _write(tmp_path, _source_text(source_plan))

    with pytest.raises(CommandError, match="area 2, title \\(az\\): “şəffaflığının”"):
        call_command("check_action_plan", source=str(source), verbosity=0)


def test_a_title_whose_words_come_in_another_order_fails_the_check(tmp_path):
    source_plan = load_action_plan()
    title = _entry(source_plan, "2.2")["title"]
    assert title["az"].startswith("Dövlət büdcəsinin layihəsi ilə bağlı müzakirələrdə ")
    title["az"] = title["az"].replace("Dövlət büdcəsinin layihəsi", "layihəsi Dövlət büdcəsinin")
    source = _write(tmp_path, _source_text(source_plan))

    with pytest.raises(CommandError, match="1 mismatch.*\\n  measure 2.2, title \\(az\\): "):
        call_command("check_action_plan", source=str(source), verbosity=0)


def test_a_measure_the_source_has_and_the_plan_file_lacks_is_named(tmp_path):
    source = _write(tmp_path, _source_text(load_action_plan()))
    plan = load_action_plan()
    del plan["areas"][8]["measures"][3]
    plan_file = tmp_path / "plan.yaml"
    plan_file.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")

    with pytest.raises(CommandError, match="measure 9.4, source: is missing from the plan file"):
        call_command("check_action_plan", source=str(source), plan=str(plan_file), verbosity=0)


def test_a_measure_the_source_lacks_is_named(tmp_path):
    source = _write(tmp_path, _source_text(load_action_plan(), leave_out="7.2"))

    with pytest.raises(CommandError, match="measure 7.2, plan: the source has no measure"):
        call_command("check_action_plan", source=str(source), verbosity=0)


def test_a_missing_or_undecodable_source_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Nothing was checked. No source text at .*absent.txt"):
        call_command("check_action_plan", source=str(tmp_path / "absent.txt"), verbosity=0)

    latin = tmp_path / "latin.txt"
    latin.write_bytes("Şuraların".encode("cp1254"))
    with pytest.raises(CommandError, match="latin.txt is not UTF-8 text"):
        call_command("check_action_plan", source=str(latin), verbosity=0)


def test_a_mismatch_ends_the_command_with_exit_code_1_and_the_list_on_stderr(tmp_path):
    source = _write(tmp_path, _source_text(load_action_plan(), leave_out="1.1"))

    finished = subprocess.run(
        [sys.executable, str(MANAGE_PY), "check_action_plan", "--source", str(source)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert finished.returncode == 1
    assert "area 1: 10 measures checked, 1 to correct" in finished.stdout
    assert "measure 1.1, plan: the source has no measure with this code" in finished.stderr

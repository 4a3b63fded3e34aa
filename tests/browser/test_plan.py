import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_site")]

# More than every focusable element before the plan's filters: header, menus, language switch.
MAX_TABS = 60


def _tab_to(page, target) -> None:
    """Press Tab from where the focus is, as a keyboard user does, until the target has it."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    focused = page.evaluate("document.activeElement && document.activeElement.outerHTML")
    raise AssertionError(f"{MAX_TABS} presses of Tab did not reach {target}; focus is on {focused}")


def _assert_focus_is_visible(target) -> None:
    """The keyboard focus shows: an outline of at least 2px in a colour of its own."""
    ring = target.evaluate(
        """element => {
            const style = getComputedStyle(element);
            return {
                visible: element.matches(":focus-visible"),
                style: style.outlineStyle,
                width: parseFloat(style.outlineWidth),
                colour: style.outlineColor,
                background: style.backgroundColor,
            };
        }"""
    )
    assert ring["visible"], ring
    assert ring["style"] not in ("none", "hidden"), ring
    assert ring["width"] >= 2, ring
    assert ring["colour"] != ring["background"], ring


def test_a_citizen_filters_the_plan_by_keyboard_and_reads_a_measure_in_each_language(page):
    page.goto("/en/plan/")
    expect(page.get_by_role("table", name="Measures by thematic area and status")).to_be_visible()
    expect(
        page.get_by_role("img", name=re.compile("Measures in each thematic area"))
    ).to_be_visible()

    area_filter = page.get_by_label("Thematic area", exact=True)
    _tab_to(page, area_filter)
    _assert_focus_is_visible(area_filter)
    page.keyboard.press("7")  # a closed list box jumps to the option its first letter names
    expect(area_filter).to_have_value("7")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Status", exact=True)).to_be_focused()
    apply = page.get_by_role("button", name="Apply")
    _tab_to(page, apply)
    _assert_focus_is_visible(apply)
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"theme=7"))
    expect(page.get_by_role("heading", name="4 measures")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^7\.2\. ")).click()

    expect(page).to_have_url(re.compile(r"/en/plan/7/7-2/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("local budget")
    page.get_by_role("link", name=re.compile("Ministry of Justice")).click()

    expect(page).to_have_url(re.compile(r"/en/plan/bodies/ministry-of-justice/$"))
    expect(page.get_by_role("link", name=re.compile(r"^7\.2\. "))).to_be_visible()

    # The same measure reads in Azerbaijani and Russian too.
    page.goto("/az/plan/5/5-5/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("İctimai şuraların")
    page.get_by_role("link", name="Русский").click()
    expect(page).to_have_url(re.compile(r"/ru/plan/5/5-5/$"))
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_role("heading", level=1)).to_contain_text("общественных советов")

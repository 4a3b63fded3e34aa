"""The councils as a visitor finds them: the registry, a council, its meetings and minutes."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.formats import date_format
from wagtail.models import Page

from councils.choices import CouncilKind
from councils.models import ActionItem, CouncilMember, CouncilPage, MinutesPage
from councils.models.pages import MinutesForm
from tests.councils.helpers import (
    council_index,
    document,
    make_council,
    make_meeting,
    make_minutes,
)
from tests.organisations.helpers import organisation_with_representative
from themes.models import Measure

pytestmark = pytest.mark.django_db


def _html(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_the_registry_lists_councils_in_alphabetical_order_and_filters_them(client, site_structure):
    make_council("Çay şurası", slug="cay", body="ministry-of-finance")
    make_council("Zəfər şurası", slug="zefer")
    make_council("Ədalət şurası", slug="edalet")

    listed = re.findall(r'href="/az/councils/([a-z]+)/"', _html(client, "/az/councils/"))
    filtered = re.findall(
        r'href="/az/councils/([a-z]+)/"',
        _html(client, "/az/councils/?body=ministry-of-finance"),
    )

    assert listed == ["cay", "edalet", "zefer"]
    assert filtered == ["cay"]


def test_a_nonsense_filter_value_is_named_and_ignored(client, site_structure):
    make_council("Çay şurası", slug="cay")

    html = _html(client, "/en/councils/?status=sleeping")

    assert "were not understood" in html


def test_a_council_page_flags_held_meetings_whose_minutes_are_late(client, site_structure):
    council = make_council("Şura", slug="sura")
    make_minutes(make_meeting(council, slug="on-time", days_ago=40))
    make_minutes(make_meeting(council, slug="late", days_ago=20), publish=False)
    make_meeting(council, slug="recent", days_ago=3)
    make_meeting(council, slug="planned", days_ago=-10, status="planned")

    html = _html(client, "/az/councils/sura/")

    assert html.count("tag--overdue") == 1
    late = re.search(r'href="/az/councils/sura/late/".*?</li>', html, re.S).group(0)
    assert "tag--overdue" in late


def test_anonymous_visitors_see_published_minutes_and_never_a_draft(client, site_structure):
    council = make_council("Şura", slug="sura")
    published = make_minutes(make_meeting(council, slug="a"), decisions=2)
    make_minutes(make_meeting(council, slug="b"), publish=False)

    minutes_html = _html(client, "/az/councils/sura/a/minutes/")
    meeting_html = _html(client, "/az/councils/sura/b/")

    assert "Qərar 1" in minutes_html and published.title in minutes_html
    assert client.get("/az/councils/sura/b/minutes/").status_code == 404
    assert "/az/councils/sura/b/minutes/" not in meeting_html


def test_votes_cannot_outnumber_the_members_present(site_structure):
    council = make_council("Şura", slug="sura")
    minutes = make_minutes(make_meeting(council, slug="a"))
    form_class = MinutesPage.get_edit_handler().get_form_class()
    data = {
        "title": "Protokol",
        "slug": "minutes",
        "members_present": "3",
        "guests": "0",
        "ngo_representatives": "0",
        "decisions-TOTAL_FORMS": "1",
        "decisions-INITIAL_FORMS": "0",
        "decisions-MIN_NUM_FORMS": "0",
        "decisions-MAX_NUM_FORMS": "1000",
        "decisions-0-topic": "Məsələ",
        "decisions-0-votes_for": "3",
        "decisions-0-votes_against": "1",
        "decisions-0-ORDER": "1",
        "action_items-TOTAL_FORMS": "0",
        "action_items-INITIAL_FORMS": "0",
        "action_items-MIN_NUM_FORMS": "0",
        "action_items-MAX_NUM_FORMS": "1000",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    }

    form = form_class(data, instance=minutes, parent_page=minutes.get_parent())

    assert issubclass(form_class, MinutesForm)
    assert not form.is_valid()
    assert "4 səs göstərilib, bu isə iştirak edən üzvlərin sayından (3) çoxdur" in str(
        form.errors["members_present"]
    )
    data["decisions-0-votes_for"] = "-1"
    assert not form_class(data, instance=minutes, parent_page=minutes.get_parent()).is_valid()


def test_the_demo_content_loads_three_councils_in_each_language_once_with_one_draft(
    client, site_structure
):
    call_command("load_demo_content", verbosity=0)
    call_command("load_demo_content", verbosity=0)

    for language in ("az", "en", "ru"):
        # The councils at the demo municipalities are the municipalities' demo content.
        councils = CouncilPage.objects.filter(
            locale__language_code=language, kind=CouncilKind.STATE_BODY
        )
        minutes = MinutesPage.objects.filter(locale__language_code=language)
        assert councils.live().count() == 3, language
        assert minutes.live().count() == 3, language
        assert minutes.filter(live=False).count() == 1, language
    html = _html(client, "/az/councils/edliyye-nazirliyi-ictimai-surasi/")
    assert "Aygün Məmmədova" in html
    assert "tag--overdue" in html
    assert "Public Council at the Ministry of Justice" in _html(client, "/en/councils/")
    # Whenever it is loaded, an action item falls due and is updated after its meeting, and
    # no update is dated in the future; no address claims a year.
    today = timezone.localdate()
    items = ActionItem.objects.filter(minutes__locale__language_code="az")
    assert items.count() == 2
    for item in items.select_related("minutes").prefetch_related("updates"):
        held_on = timezone.localdate(item.minutes.get_parent().specific.starts_at)
        assert item.due_date > held_on
        assert item.updates.all()
        assert all(held_on < update.noted_on <= today for update in item.updates.all())
    assert not Page.objects.descendant_of(council_index()).filter(slug__regex=r"20[0-9]{2}")


def test_a_members_organisation_shows_on_the_council_page_and_lists_the_seat(
    client, site_structure
):
    organisation, _representative = organisation_with_representative(
        "Hüquq Maarifçiliyi Birliyi", verified=True
    )
    council = make_council("Ədliyyə Nazirliyi yanında İctimai Şura", slug="edliyye-surasi")
    council.members = [
        council.members.model(name="Aygün Məmmədova", role="member", affiliation=organisation)
    ]
    council.save_revision().publish()

    council_page = client.get(council.url).content.decode()
    assert "Aygün Məmmədova (Hüquq Maarifçiliyi Birliyi)" in council_page
    organisation_page = client.get(f"/az/organisations/{organisation.slug}/").content.decode()
    assert "Ədliyyə Nazirliyi yanında İctimai Şura: Aygün Məmmədova" in organisation_page
    assert f'href="{council.url}"' in organisation_page


def test_a_council_page_lists_terms_and_former_members_apart_and_links_an_undated_act(
    client, site_structure
):
    council = make_council("Şura", slug="sura")
    council.members = [
        CouncilMember(
            name="Cari Üzv",
            term_start=datetime.date(2024, 1, 15),
            term_end=datetime.date(2099, 1, 15),
        ),
        CouncilMember(
            name="Köhnə Üzv",
            term_start=datetime.date(2020, 3, 1),
            term_end=datetime.date(2022, 3, 1),
        ),
        CouncilMember(name="Daha Köhnə", term_end=datetime.date(2019, 6, 30)),
    ]
    council.founding_act_document = document("Əsasnamə")
    council.save_revision().publish()

    html = _html(client, "/az/councils/sura/")
    current, former = html.split('id="former-members-title"')

    def term(start, end):
        with translation.override("az"):
            return f"({date_format(start, 'DATE_FORMAT')} – {date_format(end, 'DATE_FORMAT')})"

    assert term(datetime.date(2024, 1, 15), datetime.date(2099, 1, 15)) in current
    assert "Köhnə Üzv" not in current
    assert former.index("Köhnə Üzv") < former.index("Daha Köhnə")
    assert term(datetime.date(2020, 3, 1), datetime.date(2022, 3, 1)) in former
    assert re.search(r'<a href="[^"]+">Əsasnamə</a>', html)


def test_a_measure_page_lists_the_live_councils_serving_it_in_its_language(client, site_structure):
    measure = Measure.objects.get(code="5.5")
    for title, slug, serves, live in [
        ("Zəfər şurası", "zefer", True, True),
        ("Çay şurası", "cay", True, True),
        ("Layihə şurası", "layihe", True, False),
        ("Başqa şura", "basqa", False, True),
    ]:
        council = make_council(title, slug=slug, publish=False)
        if serves:
            council.measures.add(measure)
        revision = council.save_revision()
        if live:
            revision.publish()

    html = _html(client, "/az/plan/5/5-5/")
    linked = html.split('id="linked-title"')[1]

    assert re.findall(r'href="/az/councils/([a-z]+)/"', linked) == ["cay", "zefer"]
    assert "/en/councils/" not in _html(client, "/en/plan/5/5-5/").split('id="linked-title"')[1]

import pytest
from django.core.exceptions import ValidationError

from civic_platform.sanitiser import sanitise_user_html


def test_script_and_event_handlers_are_shown_as_text_and_never_become_markup():
    html = sanitise_user_html('<script>alert(1)</script> <img src=x onerror="alert(2)">')
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img" in html


def test_paragraphs_emphasis_lists_and_links_are_kept_and_links_are_marked_as_user_content():
    html = sanitise_user_html(
        "<p>Bir <em>iki</em> <strong>üç</strong></p><ul><li>a</li></ul>"
        '<a href="https://example.az/" target="_blank" onclick="x()">keçid</a>'
    )
    assert "<p>Bir <em>iki</em> <strong>üç</strong></p><ul><li>a</li></ul>" in html
    assert '<a href="https://example.az/" rel="nofollow ugc noopener">keçid</a>' in html


def test_a_javascript_address_loses_its_href():
    assert "javascript" not in sanitise_user_html('<a href="javascript:alert(1)">x</a>')


def test_plain_text_lines_become_paragraphs_and_line_breaks():
    assert sanitise_user_html("Birinci\nsətir\n\nİkinci abzas") == (
        "<p>Birinci<br>\nsətir</p><p>İkinci abzas</p>"
    )


def test_a_bare_address_becomes_a_marked_link():
    assert 'rel="nofollow ugc noopener"' in sanitise_user_html("Bax: https://budce.az/layihe")


def test_too_long_or_empty_text_is_refused_with_a_message():
    with pytest.raises(ValidationError, match="10"):
        sanitise_user_html("a" * 11, max_characters=10)
    with pytest.raises(ValidationError):
        sanitise_user_html("  <p> </p> ")

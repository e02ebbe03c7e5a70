"""Organisers' Markdown becomes safe HTML that fits the page's headings."""

from django.template import Context, Template

from samlas.core.markdown import render_markdown
from samlas.core.templatetags.samlas import tel_href


def test_scripts_and_event_handlers_are_removed():
    html = render_markdown(
        "Hej <script>alert('x')</script>\n\n<img src=x onerror=alert(1)>\n\n"
        '<a href="#" onclick="steal()">klick</a> <style>body{display:none}</style>'
    )
    assert "<script" not in html
    assert "alert" not in html
    assert "onerror" not in html
    assert "onclick" not in html
    assert "<img" not in html
    assert "<style" not in html
    assert "Hej" in html


def test_javascript_links_lose_their_address_and_others_get_rel():
    html = render_markdown("[ond](javascript:alert(1)) och [god](https://example.org)")
    assert "javascript:" not in html
    assert 'href="https://example.org"' in html
    assert 'rel="noopener noreferrer"' in html
    assert 'class="govuk-link"' in html


def test_headings_are_shifted_below_the_page_heading():
    html = render_markdown("# Bakgrund\n\n## Detaljer\n\ntext")
    assert "<h1" not in html
    assert '<h3 class="govuk-heading-m">Bakgrund</h3>' in html
    assert "<h4" in html
    assert "<h2" in render_markdown("# Överst", first_heading=2)


def test_lists_and_paragraphs_get_design_system_classes():
    html = render_markdown("Text\n\n- ett\n- två")
    assert '<p class="govuk-body">Text</p>' in html
    assert '<ul class="govuk-list govuk-list--bullet">' in html


def test_markdown_filter_is_safe_in_templates():
    html = Template("{% load samlas %}{{ text|markdown }}").render(
        Context({"text": "**fet** <script>x()</script>"})
    )
    assert "<strong>fet</strong>" in html
    assert "<script" not in html
    assert "&lt;script" not in html  # removed, not shown as text


def test_phone_numbers_become_international_tel_links():
    assert tel_href("010-123 45 67") == "tel:+46101234567"
    assert tel_href("+46 8 123 456") == "tel:+468123456"
    assert tel_href("0046 8 123 456") == "tel:+468123456"

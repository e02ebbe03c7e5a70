"""Markdown written by organisers, turned into safe HTML in the design system's classes.

Organisers write descriptions and press invitations in Markdown. The HTML that Markdown
produces is cleaned with nh3 (an allow-list: no scripts, no styles, no images, no event
handlers, only http/https/mailto/tel links), links get rel="noopener noreferrer", and
headings are shifted down so that text placed under a page's h2 can never add a second h1
or break the heading order.
"""

import xml.etree.ElementTree as ET

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# GOV.UK Frontend styles elements only through classes.
CLASSES = {
    "p": {"class": "govuk-body"},
    "a": {"class": "govuk-link"},
    "ul": {"class": "govuk-list govuk-list--bullet"},
    "ol": {"class": "govuk-list govuk-list--number"},
    "h2": {"class": "govuk-heading-l"},
    "h3": {"class": "govuk-heading-m"},
    "h4": {"class": "govuk-heading-s"},
    "h5": {"class": "govuk-heading-s"},
    "h6": {"class": "govuk-heading-s"},
    "hr": {"class": "govuk-section-break govuk-section-break--m govuk-section-break--visible"},
    "blockquote": {"class": "govuk-inset-text"},
}
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


class _ShiftHeadings(markdown.treeprocessors.Treeprocessor):
    def __init__(self, md: markdown.Markdown, first_level: int) -> None:
        super().__init__(md)
        self.offset = first_level - 1

    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            if element.tag in HEADINGS:
                level = min(int(element.tag[1]) + self.offset, 6)
                element.tag = f"h{level}"


class _ShiftHeadingsExtension(markdown.Extension):
    def __init__(self, first_level: int) -> None:
        super().__init__()
        self.first_level = first_level

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_ShiftHeadings(md, self.first_level), "samlas_headings", 5)


def render_markdown(text: str, first_heading: int = 3) -> SafeString:
    """Safe HTML for `text`; a Markdown "# Heading" becomes `<h{first_heading}>`."""
    if not text:
        return mark_safe("")
    first_heading = max(2, min(first_heading, 6))
    html = markdown.markdown(
        text, extensions=["sane_lists", _ShiftHeadingsExtension(first_heading)]
    )
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        set_tag_attribute_values=CLASSES,
    )
    return mark_safe(cleaned)  # nh3 has just sanitised it

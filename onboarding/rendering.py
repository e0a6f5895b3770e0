"""User Markdown to safe HTML: the same output goes to the browser and into the PDF renderer.

Guide text is written by firm staff but read by an outside professional and fed to WeasyPrint,
so it may not run scripts or make anything load: no <script>, <style>, <link>, <iframe>, no style
attributes (CSS url()), and images only from relative paths (which the PDF fetcher confines to
the static folder). Links may point to the web — they load nothing until someone clicks.
"""

from __future__ import annotations

import re

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

TAGS = {
    "p",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "a",
    "img",
    "span",
    "small",
    "sub",
    "sup",
    "abbr",
}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
    "abbr": {"title"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Whole elements (with their content) that never survive.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math"}
_SRCLESS_IMG = re.compile(r"<img\b(?![^>]*\ssrc=)[^>]*>")
_UNSAFE_CHARS = re.compile(r"[\s\x00-\x1f\\]")


def is_relative_path(value: str) -> bool:
    """A path inside the current location: no scheme, no host, no absolute path, no climbing out."""
    value = value.strip()
    return (
        bool(value)
        and ":" not in value
        and not value.startswith("/")
        and ".." not in value
        and not _UNSAFE_CHARS.search(value)
    )


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    if tag == "img" and attr == "src" and not is_relative_path(value):
        return None  # a remote or local-file image: the <img> goes below
    return value


def sanitise_html(html: str) -> str:
    """Keep only harmless markup; nothing in the result can load a resource from outside the site."""
    cleaned = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attribute_filter=_attribute_filter,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return _SRCLESS_IMG.sub("", cleaned)


def render_markdown(text: str) -> SafeString:
    """Markdown (tables, lists) → sanitised HTML, safe to put in a page or a PDF."""
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    return mark_safe(sanitise_html(html))  # noqa: S308 — sanitised just above

"""`{% history_link obj %}`: a partner's way from an object's page to its own audit trail."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import format_html

from firmops.models import Role

register = template.Library()


@register.simple_tag(takes_context=True)
def history_link(context, obj, label: str = "History") -> str:
    """The link to this object's recorded changes; nothing for roles that may not read the trail."""
    membership, firm = context.get("membership"), context.get("firm")
    if obj is None or membership is None or membership.role != Role.PARTNER:
        return ""
    query = urlencode({"table": obj._meta.db_table, "row": obj.pk})
    return format_html(
        '<a class="history-link" href="{}?{}">{}</a>', reverse("firm:trail", args=[firm.slug]), query, label
    )

"""Template helpers of the vetting pages and the engagement-page panel."""

from django import template

from providers.selection.selectors import vetting_summary as _vetting_summary

register = template.Library()


@register.simple_tag
def vetting_summary(firm, engagement):
    """The vetting figures the engagement page shows (`{% vetting_summary firm engagement as vs %}`)."""
    return _vetting_summary(firm=firm, engagement=engagement)


@register.filter
def score_class(score) -> str:
    """A CSS class for a 0–100 score: strong, middling or weak."""
    if score is None or score == "":
        return "score-none"
    score = float(score)
    return "score-hi" if score >= 70 else "score-mid" if score >= 40 else "score-lo"


@register.filter
def item(sequence, index):
    """sequence[index] in a template (the comparison's cells by column)."""
    try:
        return sequence[index]
    except (IndexError, KeyError, TypeError):
        return None

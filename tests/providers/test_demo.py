"""The demo's vetting: two scored providers, a selection, and an engagement ready for the later phases."""

from firmops.demo import Demo
from firmops.models import Engagement, Role, Stage
from firmops.tenancy import firm_scope
from providers import demo as providers_demo
from providers.models import Professional, Provider, Questionnaire, Selection
from providers.selection.selectors import comparison, current_selection


def test_the_demo_seeds_a_substantive_platform_a_buzzword_lpo_and_a_selection_idempotently(
    firm, members, engagement
):
    demo = Demo(firm=firm, users=members, engagement=engagement)
    for _ in range(2):
        with firm_scope(firm):
            providers_demo.seed(demo)
    with firm_scope(firm):
        assert Provider.objects.count() == 2 and Professional.objects.count() == 3
        assert Questionnaire.objects.filter(submitted_at__isnull=False).count() == 2
        assert Selection.objects.count() == 1
        engagement = Engagement.objects.get(pk=engagement.pk)
        ranked = comparison(firm=firm, engagement=engagement).columns
        selection = current_selection(firm=firm, engagement=engagement)
    assert [c.provider.name for c in ranked] == [providers_demo.PLATFORM, providers_demo.LPO]
    assert ranked[0].vague_count == 0 and ranked[1].vague_count == 7
    assert engagement.stage == Stage.PERFORMING
    assert (
        selection.professional.name == "Elena Novak" and selection.professional.user == members[Role.EXTERNAL]
    )
    assert engagement.external_user == members[Role.EXTERNAL]

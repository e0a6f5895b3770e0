"""Sample URL arguments for the route walk (tests/firmops/test_route_walk.py).

Every URL kwarg of the project must have an entry here, naming an object of the *other* firm
(or a harmless value for account links); a new route with an unknown kwarg fails the walk.
DRF detail routes (`pk`) are filled from the viewset's model via MODEL_SAMPLES.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from firmops.models import Engagement, Firm, User
from tests.factories import EngagementFactory

MARKER = "ZZLEAKMARKERZZ"


@dataclass
class WalkContext:
    firm: Firm  # the other firm, whose data must never show
    partner: User  # a partner of the other firm


def _engagement(ctx: WalkContext) -> int:
    return EngagementFactory(firm=ctx.firm, owner=ctx.partner, name=f"{MARKER} engagement").pk


def _membership(ctx: WalkContext) -> int:
    from firmops.models import Membership

    return Membership.objects.for_firm(ctx.firm).get(user=ctx.partner).pk


KWARG_SAMPLES: dict[str, Callable[[WalkContext], Any]] = {
    "engagement_id": _engagement,
    "membership_id": _membership,
    # account links (not firm data): values that must simply fail cleanly
    "token": lambda ctx: "not-a-real-token",
    "key": lambda ctx: "not-a-real-key",
    "uidb36": lambda ctx: "zz",
}

MODEL_SAMPLES: dict[type, Callable[[WalkContext], Any]] = {
    Engagement: _engagement,
}

# Each phase app's tests/<app>/samples.py adds its own URL arguments (KWARGS) and API models (MODELS).
# Two apps may use the same argument name (audit's and performance's `entry_id`): a route takes its own
# app's sample first (APP_KWARG_SAMPLES), so it is walked with the object it really names.
APP_KWARG_SAMPLES: dict[str, dict[str, Callable[[WalkContext], Any]]] = {}
for _app in ("firmops", "audit", "providers", "onboarding", "performance"):
    try:
        _samples = importlib.import_module(f"tests.{_app}.samples")
    except ModuleNotFoundError as exc:
        if exc.name not in (f"tests.{_app}", f"tests.{_app}.samples"):
            raise
        continue
    KWARG_SAMPLES.update(_samples.KWARGS)
    MODEL_SAMPLES.update(_samples.MODELS)
    APP_KWARG_SAMPLES[_app] = _samples.KWARGS

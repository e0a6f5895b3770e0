"""The partner's firm dashboard table, and where each role lands on the firm's home page.

Both are registries the phase apps fill, so the core never reads a phase's tables:

- `register_portfolio_columns(order, fn)`: fn(firm, engagements, now, facts) returns the columns one
  phase adds to the dashboard table. It gets *all* engagements at once and must answer with a fixed
  number of queries (aggregates in SQL), so the page costs the same for 2 engagements as for 200.
  `facts` carries what earlier phases already computed for the same engagements (keyed
  "<app>.<what>"), so a later phase reads it instead of querying again — data flows one way.
- `register_landing(order, fn)`: fn(firm, membership, now) returns the URL a member should land on
  instead of the dashboard (a paralegal during the audit week: the quick log), or None.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from firmops.engagements.next_actions import discover
from firmops.models import Engagement, Firm, Membership


@dataclass(frozen=True)
class Cell:
    text: str
    url: str = ""
    detail: str = ""  # a quieter second line (e.g. the score beside a provider's name)


@dataclass
class Column:
    key: str
    heading: str
    cells: dict[int, Cell] = field(default_factory=dict)  # engagement id → cell; missing: "—"


ColumnsFn = Callable[..., list[Column]]
LandingFn = Callable[..., str | None]

_columns: list[tuple[int, str, ColumnsFn]] = []
_landings: list[tuple[int, str, LandingFn]] = []


def _register(registry: list, order: int, fn) -> None:
    name = f"{fn.__module__}.{fn.__qualname__}"
    registry[:] = [r for r in registry if r[1] != name]  # idempotent: ready() may run twice in tests
    registry.append((order, name, fn))
    registry.sort(key=lambda r: (r[0], r[1]))


def register_portfolio_columns(order: int, fn: ColumnsFn) -> None:
    """A phase's columns of the firm dashboard; `order` follows the spine (audit 10 … performance 40)."""
    _register(_columns, order, fn)


def register_landing(order: int, fn: LandingFn) -> None:
    """A phase's say on where a member lands; the first URL (lowest order) wins."""
    _register(_landings, order, fn)


@dataclass
class PortfolioRow:
    engagement: Engagement
    cells: list[Cell | None]


@dataclass
class Portfolio:
    columns: list[Column]
    rows: list[PortfolioRow]


def portfolio(*, firm: Firm, engagements: list[Engagement], now: datetime | None = None) -> Portfolio:
    """Every engagement beside each phase's figures: a fixed number of queries whatever their number."""
    discover()
    now = now or timezone.now()
    facts: dict = {}
    columns: list[Column] = []
    for _order, _name, fn in _columns:
        columns.extend(fn(firm=firm, engagements=engagements, now=now, facts=facts))
    rows = [PortfolioRow(e, [c.cells.get(e.pk) for c in columns]) for e in engagements]
    return Portfolio(columns, rows)


def landing_url(*, firm: Firm, membership: Membership, now: datetime | None = None) -> str | None:
    """Where this member should land instead of the dashboard, if a phase says so."""
    discover()
    now = now or timezone.now()
    for _order, _name, fn in _landings:
        url = fn(firm=firm, membership=membership, now=now)
        if url:
            return url
    return None

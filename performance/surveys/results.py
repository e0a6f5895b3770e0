"""What the clients said, in the figures a partner reads: response rate, CSAT (share of 4–5), NPS
(promoters − detractors), speed, before and since outsourced work began and by quarter.

No query of its own: the dashboard's one pass over the matters (performance.selectors.matters_and_scores)
brings the responses grouped by day and the surveys sent per matter, and the splits are made here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

QUARTERS = 6  # the trend shows the last six quarters with any response


@dataclass
class SurveyFigures:
    sent: int = 0
    answered: int = 0  # of those sent, answered through the link
    responses: int = 0  # every response counted: by link, by phone, recorded by staff
    satisfied: int = 0  # scored 4 or 5
    rated: int = 0  # said whether they would recommend us
    promoters: int = 0  # 9–10
    detractors: int = 0  # 0–6
    speed_total: int = 0
    speed_n: int = 0

    def add(self, other: SurveyFigures) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def response_rate(self) -> Decimal | None:
        return Decimal(self.answered) / self.sent if self.sent else None

    @property
    def csat(self) -> Decimal | None:
        return Decimal(self.satisfied) / self.responses if self.responses else None

    @property
    def nps(self) -> int | None:
        if not self.rated:
            return None
        return round(100 * (self.promoters - self.detractors) / self.rated)

    @property
    def speed(self) -> Decimal | None:
        return (Decimal(self.speed_total) / self.speed_n).quantize(Decimal("0.1")) if self.speed_n else None


@dataclass
class SurveyResults:
    began_on: date
    before: SurveyFigures = field(default_factory=SurveyFigures)
    since: SurveyFigures = field(default_factory=SurveyFigures)
    # Responses by the quarter they came in, oldest first (sent and answered stay at 0 here: surveys
    # sent are counted per matter, before and since, in the dashboard's one pass).
    quarters: list[tuple[str, SurveyFigures]] = field(default_factory=list)

    @property
    def total(self) -> SurveyFigures:
        figures = SurveyFigures()
        figures.add(self.before)
        figures.add(self.since)
        return figures


def _quarter(day: date) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def survey_results(*, began_on: date, scores: list[tuple], sent: dict[str, int]) -> SurveyResults:
    """The figures from the rows `performance.selectors.matters_and_scores` read (no query of its own):
    responses split at `began_on` and by quarter, surveys sent and answered before and since."""
    results = SurveyResults(began_on=began_on)
    by_quarter: dict[str, SurveyFigures] = defaultdict(SurveyFigures)
    for day, n, _total, satisfied, rated, promoters, detractors, speed_total, speed_n in scores:
        figures = SurveyFigures(
            responses=n,
            satisfied=satisfied,
            rated=rated,
            promoters=promoters,
            detractors=detractors,
            speed_total=speed_total or 0,
            speed_n=speed_n,
        )
        (results.before if day < began_on else results.since).add(figures)
        by_quarter[_quarter(day)].add(figures)
    for figures, when in ((results.before, "before"), (results.since, "since")):
        figures.add(SurveyFigures(sent=sent.get(f"sent_{when}", 0), answered=sent.get(f"answered_{when}", 0)))
    results.quarters = sorted(by_quarter.items())[-QUARTERS:]
    return results

"""What built a score, in words a reviewer reads: the parts that add up to it and what would raise it.

Every breakdown has the same keys, whatever the question's type, so pages, the API and
`manage.py score_answers` show one shape:

    parts         [{"label", "points"}] — they add up to the score (a rounding point goes to the first)
    found         rubric items the answer names            missing   rubric items it does not name
    denied        rubric items named only to deny them ("we don't run background checks")
    details       concrete details found (numbers, named tools, time limits)
    vague_wording the vague phrases that cost points, as the provider wrote them
    advice        why the score is not 100, one sentence each ("No concrete detail: add numbers, …")
"""

from __future__ import annotations

KEYS = ("parts", "found", "missing", "denied", "details", "vague_wording", "advice")
NO_DETAIL = "No concrete detail: add numbers, named tools or time limits."


def empty() -> dict:
    """A breakdown with nothing in it, for answers scored before breakdowns existed."""
    return {key: [] for key in KEYS}


def _fit(parts: list[dict], score: int) -> list[dict]:
    """Parts whose points add up to the score exactly (rounding and the 0 floor go to the first part)."""
    gap = score - sum(p["points"] for p in parts)
    if gap and parts and score > 0 and parts[0]["points"] + gap >= 0:
        parts[0] = {**parts[0], "points": parts[0]["points"] + gap}
    elif gap:
        parts.append({"label": "A score cannot go below 0", "points": gap})
    return parts


def _quoted(items: list[str]) -> str:
    return ", ".join(f"“{item}”" for item in items)


def text_breakdown(
    *,
    score: int,
    found: list[str],
    missing: list[str],
    denied: list[str],
    details: list[str],
    vague_wording: list[str],
    coverage: float,
    coverage_max: int,
    detail_points: float,
    detail_max: int,
    points_per_detail: int,
    brevity: float,  # the share of the points a short answer keeps (1.0 from full_credit_words on)
    words: int,
    full_credit_words: int,
    penalty: float,
) -> dict:
    """A free-text answer's score as rubric coverage + concrete detail − brevity − vague wording."""
    parts, advice = [], []
    rubric_size = len(found) + len(missing)
    if rubric_size:
        parts.append(
            {"label": f"Rubric items named: {len(found)} of {rubric_size}", "points": round(coverage)}
        )
    else:
        parts.append({"label": "Concrete detail (this question has no rubric)", "points": round(coverage)})
    parts.append({"label": f"Concrete details: {len(details)}", "points": round(detail_points)})
    lost = round((coverage + detail_points) * (1 - brevity))
    if lost:
        label = f"Short answer: {words} of the {full_credit_words} words that earn full marks"
        parts.append({"label": label, "points": -lost})
    if penalty:
        parts.append({"label": f"Vague wording: {_quoted(vague_wording)}", "points": -round(penalty)})

    if missing:
        advice.append(f"Missing: {', '.join(missing)}.")
    if denied:
        advice.append(f"Named only to say it is not done: {', '.join(denied)}.")
    if not details:
        advice.append(NO_DETAIL)
    elif detail_points < detail_max:
        advice.append(
            f"Only {len(details)} concrete detail{'s' if len(details) != 1 else ''}: each earns "
            f"{points_per_detail} points, up to {detail_max} — add numbers, named tools or time limits."
        )
    if lost:
        advice.append(f"Short answer: {full_credit_words} words or more can earn full marks.")
    if penalty:
        advice.append(f"Vague wording cost {round(penalty)} points: {_quoted(vague_wording)}.")
    if not rubric_size and coverage < coverage_max and details:
        advice.append("Without a rubric, three concrete details earn the full coverage points.")
    return {
        "parts": _fit(parts, score),
        "found": list(found),
        "missing": list(missing),
        "denied": list(denied),
        "details": list(details),
        "vague_wording": list(vague_wording),
        "advice": advice,
    }


def no_answer(missing: list[str]) -> dict:
    """An empty answer: nothing earned."""
    return {**empty(), "missing": list(missing), "advice": ["Not answered."]}


def typed_breakdown(*, score: int, label: str, advice: list[str]) -> dict:
    """A typed answer (yes/no, choice, number, date, file): one part saying what earned the score."""
    return {**empty(), "parts": _fit([{"label": label, "points": score}], score), "advice": advice}

"""Filling the firm's plan templates with one engagement's facts: pure functions, no database writes.

A template line becomes one plan item, one per delegated task, or one per firm tool, possibly
repeated (weekly reviews). Each generated item has a stable key, so regenerating the plan finds
the same item again and keeps its tick and notes.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from onboarding.models import PLAN_DAYS, Scope

# Placeholder → what it becomes. Shown on the template editor.
PLACEHOLDERS: dict[str, str] = {
    "professional": "the selected professional's name",
    "professional_first": "their first name",
    "time_zone": "their time zone",
    "firm": "the firm's name",
    "firm_time_zone": "the firm's time zone",
    "engagement": "the engagement's name",
    "owner": "the partner who owns the engagement",
    "core_hours": (
        "the shared core hours in both zones, "
        "e.g. 10:00–13:00 America/Chicago = 08:00–11:00 America/Los_Angeles"
    ),
    "huddle_time": "when the daily huddle starts (start of the shared hours)",
    "tasks": "the delegated tasks, comma-separated",
    "tools": "the firm's tools, comma-separated",
    "case_tool": "the case-management tool",
    "docs_tool": "the document-management tool",
    "email_tool": "the email tool",
    "chat_tool": "the chat tool",
    "video_tool": "the video-call tool",
}
TASK_PLACEHOLDERS: dict[str, str] = {
    "task": "the delegated task (per-task lines only)",
    "walkthrough": "the task's walkthrough video title",
    "walkthrough_url": "the task's walkthrough video link",
    "formatting": "the task's formatting rules",
    "tone": "the task's tone",
    "turnaround": "the task's expected turnaround",
}
TOOL_PLACEHOLDERS: dict[str, str] = {"tool": "the firm tool (per-tool lines only)"}
TOOL_FALLBACKS = {
    "case_tool": ("case_management", "the case-management system"),
    "docs_tool": ("documents", "the document system"),
    "email_tool": ("email", "email"),
    "chat_tool": ("chat", "chat"),
    "video_tool": ("video", "a video call"),
}


@dataclass(frozen=True)
class DelegatedTask:
    """A task category handed to the professional (from the hit list today, a role definition later)."""

    category: str
    label: str


@dataclass(frozen=True)
class Playbook:
    category: str
    label: str
    walkthrough_title: str
    walkthrough_url: str
    formatting: str
    tone: str
    turnaround: str


@dataclass(frozen=True)
class Tool:
    name: str
    kind: str


@dataclass(frozen=True)
class TemplateLine:
    """A template item as the generator needs it (from a firm row or the built-in default)."""

    key: str
    track: str
    scope: str
    day: int
    stagger_days: int
    repeat_every_days: int
    owner_role: str
    milestone: bool
    title: str
    body: str
    link: str


@dataclass
class PlanInputs:
    """Everything about the engagement that a plan is filled with."""

    professional: str
    time_zone: str
    firm: str
    firm_time_zone: str
    engagement: str
    owner: str
    core_hours: str
    huddle_time: str
    tasks: Sequence[Playbook] = ()
    tools: Sequence[Tool] = ()
    extra: dict[str, str] = field(default_factory=dict)

    def values(self) -> dict[str, str]:
        tool_names = [t.name for t in self.tools]
        values = {
            "professional": self.professional,
            "professional_first": self.professional.split()[0]
            if self.professional.split()
            else self.professional,
            "time_zone": self.time_zone,
            "firm": self.firm,
            "firm_time_zone": self.firm_time_zone,
            "engagement": self.engagement,
            "owner": self.owner,
            "core_hours": self.core_hours,
            "huddle_time": self.huddle_time,
            "tasks": ", ".join(t.label for t in self.tasks) or "the delegated work",
            "tools": ", ".join(tool_names) or "the firm's systems",
        }
        for name, (kind, fallback) in TOOL_FALLBACKS.items():
            values[name] = next((t.name for t in self.tools if t.kind == kind), fallback)
        return values | self.extra


@dataclass(frozen=True)
class ItemDraft:
    """A plan item before it is saved: what regeneration compares by key."""

    key: str
    track: str
    title: str
    body: str
    link: str
    day: int
    owner_role: str
    milestone: bool
    position: int


class _Keep(dict):
    """Unknown placeholders stay visible as {name} rather than breaking the whole plan."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(text: str, values: dict[str, str]) -> str:
    """Fill placeholders; text that is not a valid template comes back unchanged."""
    try:
        return string.Formatter().vformat(text, (), _Keep(values))
    except (ValueError, IndexError, AttributeError, KeyError):
        return text


def placeholders_in(text: str) -> set[str]:
    """The placeholder names a template text uses; raises ValueError on broken braces."""
    names = set()
    for _, name, _, _ in string.Formatter().parse(text):
        if name is not None:
            if not name.isidentifier():
                raise ValueError(f"{{{name}}} is not a placeholder name")
            names.add(name)
    return names


def validate_template_text(*, scope: str, texts: dict[str, str]) -> None:
    """Every placeholder must be known and fit the line's scope (e.g. {task} only once per task)."""
    allowed = set(PLACEHOLDERS)
    if scope == Scope.PER_TASK:
        allowed |= set(TASK_PLACEHOLDERS)
    if scope == Scope.PER_TOOL:
        allowed |= set(TOOL_PLACEHOLDERS)
    errors = {}
    for field_name, text in texts.items():
        try:
            unknown = placeholders_in(text) - allowed
        except ValueError as exc:
            errors[field_name] = f"Broken braces: {exc}. Write {{{{ and }}}} for literal braces."
            continue
        if unknown:
            errors[field_name] = (
                f"Unknown here: {', '.join('{' + n + '}' for n in sorted(unknown))}. "
                f"Available: {', '.join('{' + n + '}' for n in sorted(allowed))}."
            )
    if errors:
        raise ValidationError(errors)


def _safe_link(value: str) -> str:
    """Only absolute http(s) links become clickable; anything else is dropped."""
    value = value.strip()
    if not value or not value.lower().startswith(("https://", "http://")):
        return ""
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        return ""
    return value


def _days(line: TemplateLine, index: int) -> list[int]:
    first = min(PLAN_DAYS, max(1, line.day + index * line.stagger_days))
    if not line.repeat_every_days:
        return [first]
    return list(range(first, PLAN_DAYS + 1, line.repeat_every_days))


def draft_items(lines: Iterable[TemplateLine], inputs: PlanInputs) -> list[ItemDraft]:
    """Every plan item the templates produce for these inputs, in a stable order."""
    base = inputs.values()
    drafts: list[ItemDraft] = []
    for order, line in enumerate(lines):
        if line.scope == Scope.PER_TASK:
            variants = [
                (
                    f"{line.key}:{task.category}",
                    {
                        "task": task.label,
                        "walkthrough": task.walkthrough_title,
                        "walkthrough_url": task.walkthrough_url,
                        "formatting": task.formatting,
                        "tone": task.tone,
                        "turnaround": task.turnaround,
                    },
                )
                for task in inputs.tasks
            ]
        elif line.scope == Scope.PER_TOOL:
            variants = [
                (f"{line.key}:tool:{tool.name.lower()}", {"tool": tool.name}) for tool in inputs.tools
            ]
        else:
            variants = [(line.key, {})]
        for index, (key, extra) in enumerate(variants):
            values = base | extra
            days = _days(line, index)
            for repeat, day in enumerate(days, start=1):
                title = fill(line.title, values)
                if len(days) > 1:
                    title = f"{title} ({repeat} of {len(days)})"
                drafts.append(
                    ItemDraft(
                        key=key if len(days) == 1 else f"{key}#{repeat}",
                        track=line.track,
                        title=title[:400],
                        body=fill(line.body, values),
                        link=_safe_link(fill(line.link, values)),
                        day=day,
                        owner_role=line.owner_role,
                        milestone=line.milestone,
                        position=order * 100 + index,
                    )
                )
    return drafts

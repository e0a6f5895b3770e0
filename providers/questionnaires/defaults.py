"""The built-in vetting questionnaire, as plain JSON-serialisable data firms copy and edit.

The questions live in builtin/ (people.py, terms.py), written in the compact notation builtin/compact.py
explains; every question here is free text scored by its rubric.
"""

from __future__ import annotations

from providers.questionnaires.builtin.people import CONFLICTS, REFERENCES, VETTING
from providers.questionnaires.builtin.terms import GUARANTEE, PRICING, SECURITY, TIMEZONE

DEFAULT_QUESTIONNAIRE: list[dict] = [VETTING, SECURITY, GUARANTEE, TIMEZONE, PRICING, REFERENCES, CONFLICTS]

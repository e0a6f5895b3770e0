"""Writes of vetting that the rest of firmops may call, and the hooks later phases register with.

The face of the app for later phases; vetting's own pages call the feature packages directly.
"""

from providers.evidence.services import evidence_override_reason
from providers.roles.services import role_tool_source_register

__all__ = ["evidence_override_reason", "role_tool_source_register"]

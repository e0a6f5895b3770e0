"""Core events the phase apps act on, so the core never imports them."""

from django.dispatch import Signal

# Someone accepted an invitation: sent inside the accepting transaction and the firm's scope,
# with firm=, user= and role=.
member_joined = Signal()

# An engagement moved to the closed stage: sent inside the moving transaction and the firm's scope,
# with firm=, engagement= and actor=. Vetting offboards the engagement's professional on it.
engagement_closed = Signal()

# A professional's access to an engagement ended (replaced, trial ended, engagement closed), after
# the core deactivated their membership and ended their sessions: sent inside the same transaction
# and the firm's scope with firm=, actor=, engagement=, name=, user= (None without an account),
# cause= (one of firmops.engagements.offboarding.CAUSES), reason=, key= (one offboarding, one key) and
# deactivated= (whether their membership, and so every session, ended).
# Onboarding opens the exit checklist on it.
professional_offboarded = Signal()

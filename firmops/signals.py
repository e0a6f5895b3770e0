"""Core events the phase apps act on, so the core never imports them."""

from django.dispatch import Signal

# Someone accepted an invitation: sent inside the accepting transaction and the firm's scope,
# with firm=, user= and role=.
member_joined = Signal()

"""SESSION_ENGINE: Django's database sessions, read with SQL compiled once per connection.

Every signed-in request reads its session first; the ORM rebuilt and recompiled that one-line
query each time (~0.3 ms of CPU, more than PostgreSQL spends on it). Everything else, and where
sessions live, is Django's own database backend: the row is read afresh on every request, so a
session ended or expired is refused on the very next one. (Not cached_db: see settings.py.)
"""

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from firmops.precompiled import STAND_IN_TEXT, STAND_IN_TIME, PrecompiledQuery

_LIVE_SESSION = PrecompiledQuery(
    "live_session",
    lambda session_key, now: Session.objects.filter(session_key=session_key, expire_date__gt=now),
    session_key=STAND_IN_TEXT,
    now=STAND_IN_TIME,
)


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        found = _LIVE_SESSION.run(session_key=self.session_key, now=timezone.now())
        if not found:
            self._session_key = None  # as Django's: a missing or expired session starts afresh
            return None
        return found[0]

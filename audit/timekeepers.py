"""Timekeepers: the people a firm's time records name, found or created in bulk for an import.

History names people who will never sign in (a departed associate, a contract paralegal). They
become `Timekeeper` rows of the firm, not invented accounts. A timekeeper whose email, or whose
name (when one member alone has it), matches an active staff member is linked to that member, and
their imported entries name the member as performer too, so the member's own pages count them.

One person is one timekeeper per firm: found by the id the records give them (LEDES
TIMEKEEPER_ID), else their email, else their normalised name (`timekeeper_key`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError

from audit.models import Timekeeper
from firmops.models import Firm, Membership, Role, User
from firmops.permissions import STAFF
from firmops.tenancy import firm_transaction

NAME_MAX = 200
EXTERNAL_ID_MAX = 60

# LEDES 1998B TIMEKEEPER_CLASSIFICATION → the firm's roles (an associate or of counsel is an attorney).
LEDES_CLASSES: dict[str, str] = {
    "PT": Role.PARTNER,
    "AS": Role.ATTORNEY,
    "OC": Role.ATTORNEY,
    "PL": Role.PARALEGAL,
    "LA": Role.PARALEGAL,
    "OT": Role.OPS,
}
# What practice-management exports write in a role or title column.
ROLE_WORDS: dict[str, str] = {
    "partner": Role.PARTNER,
    "managing partner": Role.PARTNER,
    "senior partner": Role.PARTNER,
    "shareholder": Role.PARTNER,
    "principal": Role.PARTNER,
    "member": Role.PARTNER,
    "attorney": Role.ATTORNEY,
    "associate": Role.ATTORNEY,
    "senior associate": Role.ATTORNEY,
    "of counsel": Role.ATTORNEY,
    "counsel": Role.ATTORNEY,
    "lawyer": Role.ATTORNEY,
    "paralegal": Role.PARALEGAL,
    "legal assistant": Role.PARALEGAL,
    "law clerk": Role.PARALEGAL,
    "clerk": Role.PARALEGAL,
    "ops": Role.OPS,
    "ops staff": Role.OPS,
    "staff": Role.OPS,
    "secretary": Role.OPS,
    "legal secretary": Role.OPS,
    "assistant": Role.OPS,
    "other": Role.OPS,
    "other timekeeper": Role.OPS,
}
TIMEKEEPER_ROLES = (Role.PARTNER, Role.ATTORNEY, Role.PARALEGAL, Role.OPS)
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "esq", "phd", "md"})
_NOT_WORD = re.compile(r"[^\w\s]")


def timekeeper_role(value: str) -> str | None:
    """The firm role a records' classification or title names ("PT", "Associate", "paralegal"), or None."""
    text = " ".join(_NOT_WORD.sub(" ", value).split()).lower()
    if not text:
        return None
    if text.upper() in LEDES_CLASSES:
        return LEDES_CLASSES[text.upper()]
    if text in TIMEKEEPER_ROLES:
        return text
    return ROLE_WORDS.get(text)


def timekeeper_key(name: str) -> str:
    """A name as compared: accents, case, punctuation and suffixes dropped; "Smith, Jane" = "Jane Smith"."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    parts = [p.strip() for p in text.split(",")]
    if len(parts) == 2 and parts[1] and parts[1].replace(".", "") not in _SUFFIXES:
        text = f"{parts[1]} {parts[0]}"  # "Last, First" as billing systems export it
    words = [w for w in _NOT_WORD.sub(" ", text).split() if w not in _SUFFIXES]
    return " ".join(words)[:NAME_MAX]


@dataclass(frozen=True)
class TimekeeperIn:
    """A person as one imported file names them.

    role: a Role value (timekeeper_role() reads LEDES classes and titles); blank = the existing
    timekeeper's, else the matched member's. rate: their hourly rate in the file, if any (kept as
    the timekeeper's default rate when none is known yet). external_id: their id in the file.
    """

    name: str
    email: str = ""
    role: str = ""
    rate: Decimal | None = None
    external_id: str = ""

    @property
    def key(self) -> str:
        return timekeeper_key(self.name)


class _Members:
    """The firm's active staff, by email and by normalised name (a name two members share matches no one)."""

    def __init__(self, firm: Firm):
        self.by_email: dict[str, Membership] = {}
        self.by_name: dict[str, Membership | None] = {}
        for m in (
            Membership.objects.for_firm(firm).filter(is_active=True, role__in=STAFF).select_related("user")
        ):
            self.by_email[m.user.email.lower()] = m
            key = timekeeper_key(m.user.get_full_name())
            if key:
                self.by_name[key] = None if key in self.by_name else m

    def match(self, person: TimekeeperIn) -> Membership | None:
        email = person.email.strip().lower()
        if email and email in self.by_email:
            return self.by_email[email]
        return self.by_name.get(person.key)


def _problem(person: TimekeeperIn) -> str:
    """What is wrong with a person as given, or ""."""
    name = person.name.strip() or "(no name)"
    if not person.key:
        return f"a timekeeper needs a name (got {person.name!r})"
    if len(person.name.strip()) > NAME_MAX:
        return f"{name[:40]}…: a name is at most {NAME_MAX} characters"
    if person.role and person.role not in TIMEKEEPER_ROLES:
        return f"{name}: role {person.role!r} is not one of {', '.join(TIMEKEEPER_ROLES)}"
    if person.rate is not None and person.rate < 0:
        return f"{name}: a rate cannot be negative"
    if len(person.external_id.strip()) > EXTERNAL_ID_MAX:
        return f"{name}: a timekeeper id is at most {EXTERNAL_ID_MAX} characters"
    return ""


class TimekeeperDirectory:
    """The firm's timekeepers and active staff, read once (2 queries): who a file's person is.

    An import can ask it, line by line, whether a person can be taken as written (`problem`) before
    anything is resolved, so a bad line is named by its number.
    """

    def __init__(self, firm: Firm):
        known = list(Timekeeper.objects.for_firm(firm))
        self.by_key = {t.key: t for t in known}
        self.by_id = {t.external_id: t for t in known if t.external_id}
        self.by_email = {t.email.lower(): t for t in known if t.email}
        self.members = _Members(firm)

    def find(self, person: TimekeeperIn) -> Timekeeper | None:
        """The known timekeeper: by the id in the file, else the email, else the name."""
        external_id, email = person.external_id.strip(), person.email.strip().lower()
        return (
            (self.by_id.get(external_id) if external_id else None)
            or (self.by_email.get(email) if email else None)
            or self.by_key.get(person.key)
        )

    def member_for(self, person: TimekeeperIn) -> Membership | None:
        return self.members.match(person)

    def problem(self, person: TimekeeperIn) -> str:
        """Why this person cannot be taken as given, or "" (a new, unmatched person needs a role)."""
        problem = _problem(person)
        if not problem and not person.role and self.find(person) is None and self.member_for(person) is None:
            problem = (
                f"{person.name.strip()} is not a member of the firm and no role was given "
                "(partner, attorney, paralegal or ops)"
            )
        return problem

    def remember(self, person: TimekeeperIn, timekeeper: Timekeeper) -> None:
        """Later rows that write this person the same way find the same timekeeper."""
        external_id, email = person.external_id.strip(), person.email.strip().lower()
        for index, value in ((self.by_id, external_id), (self.by_email, email), (self.by_key, person.key)):
            if value:
                index.setdefault(value, timekeeper)


@firm_transaction
def timekeepers_resolve(
    *, firm: Firm, actor: User | None, people: Sequence[TimekeeperIn]
) -> list[Timekeeper]:
    """The firm's timekeeper for each person given (same order), created when new: 3 queries a chunk.

    A known timekeeper keeps its name, role and rate; only what it lacked (email, id in the file,
    rate, member) is filled in. A new person needs a role unless a member of the firm matches them.
    `actor` None means the command line. Raises ValidationError naming each person it cannot take.
    """
    directory = TimekeeperDirectory(firm)
    problems: list[str] = []
    found: list[Timekeeper] = []
    created: dict[str, Timekeeper] = {}
    changed: dict[int, Timekeeper] = {}
    for person in people:
        problem = directory.problem(person)
        if problem:
            problems.append(problem)
            continue
        timekeeper = directory.find(person)
        member = directory.member_for(person)
        if timekeeper is None:
            timekeeper = Timekeeper(
                firm=firm,
                name=person.name.strip(),
                key=person.key,
                role=person.role or member.role,
                hourly_rate=person.rate,
                email=person.email.strip().lower(),
                external_id=person.external_id.strip(),
                member=member.user if member else None,
            )
            created[person.key] = timekeeper
        elif _fill_blanks(timekeeper, person, member) and timekeeper.pk is not None:
            changed[timekeeper.pk] = timekeeper
        directory.remember(person, timekeeper)
        found.append(timekeeper)
    if problems:
        raise ValidationError({"timekeeper": problems})
    if created:
        Timekeeper.objects.bulk_create(created.values())
    if changed:
        Timekeeper.objects.bulk_update(changed.values(), ["email", "external_id", "hourly_rate", "member"])
    return found


def _fill_blanks(timekeeper: Timekeeper, person: TimekeeperIn, member: Membership | None) -> bool:
    """Give a known timekeeper what it lacked; True when something changed."""
    before = (timekeeper.email, timekeeper.external_id, timekeeper.hourly_rate, timekeeper.member_id)
    timekeeper.email = timekeeper.email or person.email.strip().lower()
    timekeeper.external_id = timekeeper.external_id or person.external_id.strip()
    if timekeeper.hourly_rate is None:
        timekeeper.hourly_rate = person.rate
    if timekeeper.member_id is None and member is not None:
        timekeeper.member = member.user
    return before != (timekeeper.email, timekeeper.external_id, timekeeper.hourly_rate, timekeeper.member_id)


def timekeeper_resolve(
    *,
    firm: Firm,
    actor: User | None,
    name: str,
    email: str = "",
    role: str = "",
    rate: Decimal | None = None,
    external_id: str = "",
) -> Timekeeper:
    """One person's timekeeper (timekeepers_resolve of one; use that for a file's worth)."""
    person = TimekeeperIn(name=name, email=email, role=role, rate=rate, external_id=external_id)
    return timekeepers_resolve(firm=firm, actor=actor, people=[person])[0]

"""The development mail backend: each email as a person reads it, not as MIME.

Django's console backend prints the wire format: an encoded Subject (`=?utf-8?q?Time_to_scale=3F…`)
and, for long lines, quoted-printable bodies whose URLs break at `=`. This one prints the sender,
recipients, subject, text and attachment names as written, so a link in it can be opened.

The worker's output goes to var/worker.log, out of the `make run` terminal; so when
EMAIL_SUMMARY_FILE is set, each email's recipients, subject and links are also appended there
in three lines, and scripts/run-embedded.sh shows that file in the terminal.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.utils import timezone

# Up to whitespace or a closing bracket/quote; a sentence's final full stop is not part of the link.
_LINK = re.compile(r"https?://[^\s<>\"'()\[\]]+")
_TRAILING = ".,;:!?"


def email_links(message: EmailMessage) -> list[str]:
    """Every web address in the message's text and HTML parts, once each, in order."""
    texts = [message.body] + [
        str(content) for content, _mimetype in getattr(message, "alternatives", []) or []
    ]
    links: dict[str, None] = {}
    for text in texts:
        for match in _LINK.findall(text or ""):
            links[match.rstrip(_TRAILING)] = None
    return list(links)


def _recipients(message: EmailMessage) -> str:
    parts = [", ".join(message.to)]
    parts += [f"cc {', '.join(message.cc)}"] if message.cc else []
    parts += [f"bcc {', '.join(message.bcc)}"] if message.bcc else []
    return "; ".join(p for p in parts if p)


def _attachment_names(message: EmailMessage) -> list[str]:
    names = []
    for attachment in message.attachments:
        if isinstance(attachment, tuple):
            filename, content, mimetype = attachment
            size = len(content) if content is not None else 0
            names.append(f"{filename} ({mimetype or 'file'}, {size / 1024:.0f} kB)")
        else:  # a MIME part attached as is
            names.append(attachment.get_filename() or attachment.get_content_type())
    return names


def email_readable(message: EmailMessage) -> str:
    """The whole message as text: headers people read, the body, attachment names."""
    lines = [
        f"From:    {message.from_email}",
        f"To:      {_recipients(message)}",
        *([f"Reply-To: {', '.join(message.reply_to)}"] if message.reply_to else []),
        f"Subject: {message.subject}",
        "",
        message.body.rstrip("\n"),
    ]
    alternatives = [mimetype for _content, mimetype in getattr(message, "alternatives", []) or []]
    lines += [f"[also sent as {mimetype}]" for mimetype in alternatives]
    lines += [f"[attached: {name}]" for name in _attachment_names(message)]
    return "\n".join(lines)


def email_summary(message: EmailMessage) -> str:
    """Three lines or so: when and to whom, the subject, each link."""
    at = timezone.localtime().strftime("%H:%M:%S")
    lines = [f"[email {at}] to {_recipients(message)}", f"  Subject: {message.subject}"]
    lines += [f"  Link: {link}" for link in email_links(message)]
    lines += [f"  Attached: {name}" for name in _attachment_names(message)]
    return "\n".join(lines)


class EmailBackend(ConsoleBackend):
    """Console output people can read; plus a summary in EMAIL_SUMMARY_FILE when set."""

    def write_message(self, message: EmailMessage) -> None:
        # One write per message: in a Celery worker stdout is a logger, one record per write.
        self.stream.write(f"{email_readable(message)}\n{'-' * 79}\n")
        summary_file = getattr(settings, "EMAIL_SUMMARY_FILE", "")
        if summary_file:
            path = Path(summary_file)
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as out:
                out.write(email_summary(message) + "\n\n")

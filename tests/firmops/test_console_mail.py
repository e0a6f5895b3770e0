"""The development mail backend prints emails as people read them and files a summary for `make run`."""

import io

from django.core.mail import EmailMessage, EmailMultiAlternatives

from firmops.messaging.console_mail import EmailBackend

LINK = "http://127.0.0.1:8101/q/" + "eyJmIjoxLCJpIjo0LCJuIjoiYWJjZGVmIn0" * 3 + ":1uVxyz:signature/"
# Longer than 998 characters on one line: Django's console backend then quoted-prints the body,
# breaking the link with "=" soft line breaks.
LONG_LINE = "Answer here " + LINK + ". " + "Concrete steps help the firm. " * 40


def _send(*messages) -> str:
    stream = io.StringIO()
    EmailBackend(stream=stream).send_messages(list(messages))
    return stream.getvalue()


def _questionnaire_mail() -> EmailMessage:
    return EmailMessage(
        "Vetting questionnaire — Demo Law Group",
        LONG_LINE + "\n",
        "firmops <no-reply@firmops.test>",
        ["dana@meridian.example"],
        cc=["ops@demo.firmops.test"],
    )


def test_the_console_shows_subject_and_link_as_written_not_encoded():
    out = _send(_questionnaire_mail())
    assert "Subject: Vetting questionnaire — Demo Law Group" in out
    assert "To:      dana@meridian.example; cc ops@demo.firmops.test" in out
    assert LINK in out  # whole, on one line
    assert "=?utf-8?" not in out and "Content-Transfer-Encoding" not in out


def test_the_summary_file_gets_recipient_subject_and_each_link_once(tmp_path, settings):
    summary = tmp_path / "mail" / "summary.log"
    settings.EMAIL_SUMMARY_FILE = str(summary)
    message = EmailMultiAlternatives(
        "Weekly report",
        f"Open it: {LINK}\nAgain: {LINK}.\n",
        "firmops <no-reply@firmops.test>",
        ["partner@demo.firmops.test"],
    )
    message.attach_alternative('<a href="http://127.0.0.1:8101/f/demo/">firm</a>', "text/html")
    message.attach("weekly-report.pdf", b"%PDF-" + b"x" * 3000, "application/pdf")
    _send(_questionnaire_mail(), message)

    text = summary.read_text()
    first, second = text.strip().split("\n\n")
    assert first.splitlines()[0].endswith("] to dana@meridian.example; cc ops@demo.firmops.test")
    assert first.splitlines()[1:] == ["  Subject: Vetting questionnaire — Demo Law Group", f"  Link: {LINK}"]
    assert second.splitlines()[1:] == [
        "  Subject: Weekly report",
        f"  Link: {LINK}",
        "  Link: http://127.0.0.1:8101/f/demo/",
        "  Attached: weekly-report.pdf (application/pdf, 3 kB)",
    ]


def test_the_console_names_attachments_and_other_parts_instead_of_dumping_them(settings):
    settings.EMAIL_SUMMARY_FILE = ""
    message = EmailMultiAlternatives("Report", "See attached.", "a@firmops.test", ["b@firmops.test"])
    message.attach_alternative("<p>See attached.</p>", "text/html")
    message.attach("report.pdf", b"%PDF-" + b"x" * 5000, "application/pdf")
    out = _send(message)
    assert "[also sent as text/html]" in out and "[attached: report.pdf (application/pdf, 5 kB)]" in out
    assert "%PDF-" not in out

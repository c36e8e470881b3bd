"""Messages written straight to bytes read back the same through the `email` package,
and through a real SMTP server and a Maildir."""

from __future__ import annotations

import email
import email.policy
import mailbox
from datetime import datetime
from zoneinfo import ZoneInfo

from smtp_server import Store, mail_project, smtp_server
from pipeline.mail.mime import Outgoing
from pipeline.mail.transports.maildir import MaildirTransport
from pipeline.mail.transports.smtp import SmtpTransport

__all__ = ["mail_project"]  # the shared fixture

WHEN = datetime(2025, 3, 5, 9, 0, tzinfo=ZoneInfo("Europe/London"))
UNSUBSCRIBE = "https://learning.example-scp.org.uk/subscriptions/unsubscribe?token=v1.u.1.abc"
MAILTO = "mailto:learning@example-scp.org.uk?subject=unsubscribe%20v1.u.1.abc"


def outgoing(**changes) -> Outgoing:
    fields = {"subject": "New 7-minute briefing: Safer sleep",
              "text": "Hello Amina,\n\nRead it.\n",
              "html": "<p>Hello Amina,</p>\n<p>Read it.</p>\n",
              "sender": ("Safeguarding Children Partnership", "learning@example-scp.org.uk"),
              "to": ("Amina Rahman", "amina@example.org"), "date": WHEN,
              "message_id": "<cascade.0123456789abcdef01234567@example-scp.org.uk>",
              "unsubscribe": UNSUBSCRIBE, "unsubscribe_mailto": MAILTO}
    return Outgoing(**{**fields, **changes})


def parsed(message: Outgoing, linesep: bytes = b"\r\n"):
    return email.message_from_bytes(message.as_bytes(linesep), policy=email.policy.default)


def content(part) -> str:
    """A part's text as a mail client shows it (the parser keeps the wire's CRLF)."""
    return part.get_content().replace("\r\n", "\n")


def test_an_alert_reads_back_with_every_header_and_both_parts():
    message = parsed(outgoing())
    assert message["Subject"] == "New 7-minute briefing: Safer sleep"
    assert message["From"] == "Safeguarding Children Partnership <learning@example-scp.org.uk>"
    assert message["To"] == "Amina Rahman <amina@example.org>"
    assert message["Date"].datetime == WHEN
    assert message["Message-ID"] == "<cascade.0123456789abcdef01234567@example-scp.org.uk>"
    assert message["List-Unsubscribe"] == f"<{UNSUBSCRIBE}>, <{MAILTO}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["MIME-Version"] == "1.0"
    assert message.get_content_type() == "multipart/alternative"
    text, html = message.get_payload()
    assert (text.get_content_type(), html.get_content_type()) == ("text/plain", "text/html")
    assert text["Content-Transfer-Encoding"] == "7bit"       # plain ASCII stays readable
    assert content(text) == "Hello Amina,\n\nRead it.\n"
    assert content(html) == "<p>Hello Amina,</p>\n<p>Read it.</p>\n"
    assert message.defects == [] and text.defects == [] and html.defects == []


def test_non_ascii_names_subjects_and_bodies_survive_and_the_message_stays_7_bit():
    sample = outgoing(subject="Learning from Zoë’s review — what changed",
                      to=("Siân Ní Bhriain", "sian@example.org"),
                      text="Café staff should ask “who else lives here?”\n",
                      html="<p>Café staff should ask “who else lives here?”</p>\n")
    raw = sample.as_bytes()
    assert raw.isascii()                                      # safe without 8BITMIME
    message = parsed(sample)
    assert message["Subject"] == "Learning from Zoë’s review — what changed"
    assert message["To"].addresses[0].display_name == "Siân Ní Bhriain"
    assert message["To"].addresses[0].addr_spec == "sian@example.org"
    text, html = message.get_payload()
    assert text["Content-Transfer-Encoding"] == "quoted-printable"
    assert content(text) == "Café staff should ask “who else lives here?”\n"
    assert content(html) == "<p>Café staff should ask “who else lives here?”</p>\n"


def test_names_with_mail_syntax_in_them_are_quoted_not_parsed():
    message = parsed(outgoing(to=('Amina <b>Rahman</b> & co, "Health"', "amina@example.org")))
    address = message["To"].addresses
    assert len(address) == 1
    assert address[0].display_name == 'Amina <b>Rahman</b> & co, "Health"'
    assert address[0].addr_spec == "amina@example.org"


def test_headers_cannot_break_lines_or_smuggle_encoded_words():
    message = parsed(outgoing(subject="Safer sleep\r\nBcc: someone@example.net",
                              to=("Amina\nBcc: x@example.net", "amina@example.org")))
    assert message["Subject"] == "Safer sleep Bcc: someone@example.net"
    assert message["Bcc"] is None
    literal = parsed(outgoing(subject="Why =?utf-8?q?this?= shows as typed"))
    assert literal["Subject"] == "Why =?utf-8?q?this?= shows as typed"


def test_no_line_is_longer_than_998_characters_and_long_values_read_back_whole():
    long_title = "Safer sleep " * 100                       # 1,200 characters
    long_line = "word " * 300                                # one 1,500-character line
    sample = outgoing(subject=long_title, text=long_line + "\nend\n", html=f"<p>{long_line}</p>\n")
    raw = sample.as_bytes()
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998
    message = parsed(sample)
    assert message["Subject"] == " ".join(long_title.split())
    text, html = message.get_payload()
    assert text["Content-Transfer-Encoding"] == "quoted-printable"
    assert content(text) == long_line + "\nend\n"
    assert content(html) == f"<p>{long_line}</p>\n"


def test_a_body_that_contains_the_boundary_gets_another_one():
    first = outgoing()
    boundary = email.message_from_bytes(first.as_bytes()).get_boundary()
    tricky = outgoing(text=f"--{boundary}\nstill the text part\n")
    message = parsed(tricky)
    assert message.get_boundary() != boundary
    text, html = message.get_payload()
    assert content(text) == f"--{boundary}\nstill the text part\n"
    assert content(html) == "<p>Hello Amina,</p>\n<p>Read it.</p>\n"


def test_a_resent_message_is_the_same_bytes():
    assert outgoing().as_bytes() == outgoing().as_bytes()
    assert outgoing().as_bytes() != outgoing(message_id="<cascade.other@example.org>").as_bytes()


def test_a_plain_text_message_has_one_part_and_no_unsubscribe_headers():
    message = parsed(outgoing(html=None, unsubscribe="", unsubscribe_mailto="",
                              to=("", "officer@example-scp.org.uk")))
    assert message.get_content_type() == "text/plain"
    assert message["To"] == "officer@example-scp.org.uk"
    assert message["List-Unsubscribe"] is None and message["List-Unsubscribe-Post"] is None
    assert content(message) == "Hello Amina,\n\nRead it.\n"


def test_dots_and_from_lines_cross_a_real_smtp_server_and_a_maildir_intact(mail_project):
    text = ".\n..two dots\nFrom the start of a line\n.\nend\n"
    sample = outgoing(text=text, html="<p>.</p>\n.\n<p>end</p>\n")
    store = Store()
    with smtp_server(store, port=mail_project.smtp_port):
        with SmtpTransport(mail_project.config) as transport:
            assert transport.send(sample, "amina@example.org").status == "sent"
    received = store.received_by("amina@example.org")[0]
    assert content(received.get_payload()[0]) == text
    assert content(received.get_payload()[1]) == "<p>.</p>\n.\n<p>end</p>\n"

    with MaildirTransport(mail_project.config) as transport:
        assert transport.send(sample, "amina@example.org").status == "sent"
    box = mailbox.Maildir(transport.path, factory=None, create=False)
    (key,) = box.keys()
    raw = box.get_bytes(key)
    assert b"\r" not in raw                                   # local files end lines in LF
    stored = email.message_from_bytes(raw, policy=email.policy.default)
    assert content(stored.get_payload()[0]) == text
    assert stored["Subject"] == "New 7-minute briefing: Safer sleep"


def test_sender_and_officer_addresses_must_be_plain_ascii_addresses(project):
    project.write("cascade.yml", "contact_email: 'learning team <learning@example.org>'\n"
                  "officer_email: zoë@example.org\n"
                  "mail: {from_address: learning@exämple.org}\n")
    result = project.cascade("check")
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "Configuration error:",
        "  contact_email: expected an email address, got 'learning team <learning@example.org>'",
        "  mail.from_address: expected an email address, got 'learning@exämple.org'",
        "  officer_email: expected an email address, or \"\" for contact_email, "
        "got 'zoë@example.org'"]

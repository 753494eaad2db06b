"""Stand-ins for an external SMTP server that is down: the only test doubles of the mail tests."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend

SERVER_DOWN = "421 4.3.2 Service not available, closing transmission channel"


class MailServerDown(BaseEmailBackend):
    """Answers every delivery as an SMTP server going down for maintenance does."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPException(SERVER_DOWN)


class MailServerUnreachable(BaseEmailBackend):
    """Refuses the connection, as when nothing listens on the SMTP port."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")

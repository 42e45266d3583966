"""An email backend for tests of what happens when sending fails."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class BrokenEmailBackend(BaseEmailBackend):
    """Fails as an unreachable mail server does."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("The mail server is not answering.")


class RefusingEmailBackend(BaseEmailBackend):
    """Refuses any address with "refused" in it, as a mail server refuses an
    unknown mailbox: the error quotes the address. Delivers the others to
    `RefusingEmailBackend.delivered`."""

    delivered = []

    def send_messages(self, email_messages):
        for message in email_messages:
            refused = [address for address in message.to if "refused" in address]
            if refused:
                raise smtplib.SMTPRecipientsRefused(
                    {a: (550, f"5.1.1 <{a}>: user unknown".encode()) for a in refused}
                )
            self.delivered.append(message)
        return len(email_messages)

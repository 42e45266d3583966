"""An email backend for tests of what happens when sending fails."""

from django.core.mail.backends.base import BaseEmailBackend


class BrokenEmailBackend(BaseEmailBackend):
    """Fails as an unreachable mail server does."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("The mail server is not answering.")

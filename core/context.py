"""What the audit trail needs to know about the request in hand, without
passing the request through every service: the client's address."""

from contextvars import ContextVar

from .addresses import client_address

_address: ContextVar[str | None] = ContextVar("client_address", default=None)


def current_address() -> str | None:
    """The address of the request being served, or None (a command, a task)."""
    return _address.get()


class RequestContextMiddleware:
    """Holds the client's address for the length of each request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _address.set(client_address(request))
        try:
            return self.get_response(request)
        finally:
            _address.reset(token)

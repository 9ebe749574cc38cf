"""Request id for every request (audit events carry it)."""

from menkyo.core.context import new_request_id, reset_request_id, set_request_id


class RequestIdMiddleware:
    """Give each request an id (or take the caller's ``X-Request-ID``) for audit events."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if incoming.isalnum() and len(incoming) <= 64 else new_request_id()
        request.request_id = request_id
        token = set_request_id(request_id)
        try:
            response = self.get_response(request)
        finally:
            reset_request_id(token)
        response["X-Request-ID"] = request_id
        return response

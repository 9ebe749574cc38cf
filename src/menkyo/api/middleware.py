"""Every error under ``/api/`` is the API's JSON error body, whoever produced it.

Django's URL resolver (404), django-ninja's method check (405) and anything
else that answers an API request with a page are turned into
``{"error": {code, message, field}}`` with a Japanese message, so that a
device never has to parse HTML.
"""

from menkyo.web.errors import error_response


class ApiErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            replaced = error_response(request, response.status_code)
            for header in ("Allow", "Retry-After", "WWW-Authenticate"):
                if header in response:
                    replaced[header] = response[header]
            return replaced
        return response

"""WSGI entry point: Django's application, after refusing insecure defaults (menkyo.web.startup)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "menkyo.settings")
application = get_wsgi_application()

from menkyo.web.startup import refuse_insecure_defaults  # noqa: E402 — needs the apps loaded above

refuse_insecure_defaults()

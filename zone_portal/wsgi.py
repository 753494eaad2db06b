"""WSGI entry point for gunicorn: ``gunicorn zone_portal.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zone_portal.settings")

application = get_wsgi_application()

# Chinese search's word list takes about a second to build: do it before the first visitor.
from core.chinese import warm_up  # noqa: E402 (needs the settings set above)

warm_up()

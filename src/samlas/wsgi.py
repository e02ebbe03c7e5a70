"""WSGI entry point for production servers (gunicorn)."""

import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samlas.settings")
application = get_wsgi_application()

# Import every view while the worker boots, before it accepts a connection, rather than in
# the first request it serves: the URLconf pulls in the API, the exports and the back office
# (0.6 s of CPU measured), which the first people of a registration rush would otherwise wait
# on after every deploy and every worker recycle (gunicorn_conf.max_requests). A broken
# import then stops the worker at boot instead of failing requests.
import_module(settings.ROOT_URLCONF)

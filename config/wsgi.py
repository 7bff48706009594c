"""WSGI entry point for a production server (for example gunicorn config.wsgi); runserver uses it
too. It refuses to start without a secret key rather than serve with a guessable one."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

from config.secret_key import require_secret_key  # noqa: E402  (needs the settings set up above)

require_secret_key()

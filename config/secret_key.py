"""The site signs sessions with SECRET_KEY, so it must not serve without one (config/settings.py
leaves it empty when DJANGO_SECRET_KEY is unset and DEBUG is off)."""
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MISSING = (
    "DJANGO_SECRET_KEY is not set, so the site will not serve: it would have no secret to sign "
    "sessions with. Set DJANGO_SECRET_KEY to a long random value, kept out of the repository "
    "(for example: python -c 'import secrets; print(secrets.token_urlsafe(50))'). "
    "For local development, scripts/serve sets one for you."
)


def require_secret_key():
    """Raise ImproperlyConfigured, saying how to fix it, when there is no secret key."""
    try:
        key = settings.SECRET_KEY
    except ImproperlyConfigured:  # Django refuses to read an empty key
        key = ""
    if not key:
        raise ImproperlyConfigured(MISSING)

"""Helpers for tests whose people sign in through the real pages: allauth lets a person in only
with a verified email address, and Council members and administrators only with two-factor."""
import time

from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value


def verified(user):
    """The person's address, marked verified (as an administrator-made account's is)."""
    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return user


def with_two_factor(user, secret=None):
    """Sets up an authenticator app (and recovery codes) for the person; returns the secret."""
    secret = secret or generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def totp_code(secret, at=None):
    """The code an authenticator app shows for the secret now (or at a given time)."""
    counter = int(at if at is not None else time.time()) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


def has_two_factor(user):
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()

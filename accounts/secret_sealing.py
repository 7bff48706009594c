"""Two-factor secrets (the TOTP key, the recovery-code seed) are stored sealed, not in the clear:
someone who reads a copy of the database cannot make anyone's codes from it.

Sealed with Fernet (AES and an HMAC, from `cryptography`) under a key derived from
DJANGO_MFA_SECRET_KEY, or SECRET_KEY when that is not set; keys in SECRET_KEY_FALLBACKS still
open what was sealed before a key was rotated. Sealed text starts "sealed:"; anything else is a
secret stored before sealing began and is read as it is, so nobody's authenticator stops working.
"""
import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

PREFIX = "sealed:"


def _fernet(key_text):
    digest = hashlib.sha256(("tsa two-factor secrets:" + key_text).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _keys():
    primary = getattr(settings, "MFA_SECRET_KEY", "") or settings.SECRET_KEY
    return MultiFernet([_fernet(primary), *(_fernet(old) for old in settings.SECRET_KEY_FALLBACKS)])


def seal(text):
    return PREFIX + _keys().encrypt(text.encode()).decode()


def unseal(stored):
    if not stored.startswith(PREFIX):
        return stored  # stored before sealing began
    try:
        return _keys().decrypt(stored[len(PREFIX):].encode()).decode()
    except InvalidToken as error:
        raise ValueError("A two-factor secret cannot be opened with the site's keys: was the key changed without keeping the old one in SECRET_KEY_FALLBACKS?") from error

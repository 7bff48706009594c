"""The site's choices within django-allauth's sign-up, sign-in and two-factor flows."""
from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings

from accounts.secret_sealing import seal, unseal
from accounts.two_factor import must_use_two_factor


def login_retry_wait():
    """How long a person stopped by wrong passwords waits at most, in words."""
    minutes = settings.SIGN_IN_LOCKOUT_MINUTES
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": "Enter a correct email address and password. The password is case-sensitive.",
        "account_inactive": "This account has been switched off. Ask your organisation's leader to restore it.",
        "email_taken": "An account already uses this email address. Sign in, or reset your password.",
        "incorrect_password": "Enter your current password",
        "enter_current_password": "Enter your current password",
        "duplicate_email": "This is already your email address",
    }

    def __init__(self, request=None):
        super().__init__(request)
        self.error_messages = {
            **self.error_messages,
            "too_many_login_attempts": (
                "You have tried to sign in too many times with the wrong password. "
                f"Wait {login_retry_wait()}, then try again, or reset your password."
            ),
        }

    def save_user(self, request, user, form, commit=True):
        # The name asked for on the sign-up form (allauth only knows the email and password).
        user.full_name = form.cleaned_data.get("full_name", "").strip()
        return super().save_user(request, user, form, commit)


class TwoFactorAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": "The code is not right: enter the 6-digit code your authenticator app shows now",
        "cannot_delete_authenticator": (
            "Council members and site administrators cannot turn two-factor authentication off."
        ),
    }

    def encrypt(self, text):
        return seal(text)

    def decrypt(self, encrypted_text):
        return unseal(encrypted_text)

    def can_delete_authenticator(self, authenticator):
        if authenticator.type == Authenticator.Type.TOTP and must_use_two_factor(authenticator.user):
            return False
        return super().can_delete_authenticator(authenticator)

"""Who must sign in with a second factor, and the middleware that holds them to it.

Two-factor (an authenticator app, with recovery codes) is offered to everyone. It is required of
the people a stolen password would hurt most: Teaching Schools Council members, who decide
designations and read every alliance's members-only information, and site administrators. Such a
person without an authenticator app is sent to set one up before any other page; signing out,
the two-factor pages themselves and static files stay open so they can."""
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve

from alliances.permissions import is_council_member

WHY = (
    "You must set up two-factor authentication before you continue: Council members and site "
    "administrators sign in with a code from an authenticator app as well as their password."
)
# Pages a person can reach while two-factor is still to be set up.
OPEN_PAGES = {
    "account_logout",
    "account_reauthenticate",
    "mfa_index",
    "mfa_activate_totp",
    "mfa_authenticate",
    "mfa_reauthenticate",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
}


def must_use_two_factor(user):
    return bool(user and user.is_authenticated and (user.is_staff or user.is_superuser or is_council_member(user)))


def has_two_factor(user):
    return is_mfa_enabled(user, [Authenticator.Type.TOTP])


def is_open_without_two_factor(path):
    if path.startswith(settings.STATIC_URL):
        return True
    try:
        return resolve(path).url_name in OPEN_PAGES
    except Resolver404:
        return True  # nothing there to protect: the 404 page says so


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if must_use_two_factor(user) and not is_open_without_two_factor(request.path_info) and not has_two_factor(user):
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": WHY}, status=403)
            messages.warning(request, WHY)
            return redirect("mfa_activate_totp")
        return self.get_response(request)

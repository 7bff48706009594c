"""The django-allauth pages the site uses, at the site's own addresses. Only these exist: no
social accounts, passkeys, sign-in by emailed code or phone numbers. The names are allauth's,
which its views and emails reverse."""
from allauth.account import views as account
from allauth.mfa.base import views as two_factor
from allauth.mfa.recovery_codes import views as recovery_codes
from allauth.mfa.totp import views as totp
from django.urls import path, re_path

urlpatterns = [
    path("sign-in/", account.login, name="account_login"),
    path("sign-out/", account.logout, name="account_logout"),
    path("sign-in/switched-off/", account.account_inactive, name="account_inactive"),
    path("sign-in/two-factor/", two_factor.authenticate, name="mfa_authenticate"),
    path("sign-up/", account.signup, name="account_signup"),
    path("sign-up/check-your-email/", account.email_verification_sent, name="account_email_verification_sent"),
    re_path(r"^confirm-email/(?P<key>[-:\w]+)/$", account.confirm_email, name="account_confirm_email"),
    path("password-reset/", account.password_reset, name="account_reset_password"),
    path("password-reset/sent/", account.password_reset_done, name="account_reset_password_done"),
    re_path(
        r"^password-reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        account.password_reset_from_key,
        name="account_reset_password_from_key",
    ),
    path("password-reset/done/", account.password_reset_from_key_done, name="account_reset_password_from_key_done"),
    path("account/email/", account.email, name="account_email"),
    path("account/password/", account.password_change, name="account_change_password"),
    path("account/password/set/", account.password_set, name="account_set_password"),
    path("account/confirm-password/", account.reauthenticate, name="account_reauthenticate"),
    path("account/two-factor/", two_factor.index, name="mfa_index"),
    path("account/two-factor/confirm/", two_factor.reauthenticate, name="mfa_reauthenticate"),
    path("account/two-factor/app/", totp.activate_totp, name="mfa_activate_totp"),
    path("account/two-factor/app/remove/", totp.deactivate_totp, name="mfa_deactivate_totp"),
    path("account/two-factor/recovery-codes/", recovery_codes.view_recovery_codes, name="mfa_view_recovery_codes"),
    path(
        "account/two-factor/recovery-codes/new/",
        recovery_codes.generate_recovery_codes,
        name="mfa_generate_recovery_codes",
    ),
    path(
        "account/two-factor/recovery-codes/download/",
        recovery_codes.download_recovery_codes,
        name="mfa_download_recovery_codes",
    ),
]

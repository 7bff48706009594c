"""allauth's account and two-factor forms in the site's words, with GOV.UK classes so the
templates can render them with includes/field.html. Placeholders are dropped: GOV.UK forms use
labels and hints instead."""
from allauth.account import forms as account_forms
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.recovery_codes import forms as recovery_forms
from allauth.mfa.totp import forms as totp_forms
from django import forms

from registry.govuk_forms import apply_govuk_classes

NEW_PASSWORD_HINT = (
    "At least 8 characters. Not a common password, not only numbers, and not like your name or "
    "email address. A few words together are easy to remember and hard to guess."
)
# What an empty field's error says, in GOV.UK's words, by field name (the same in every form).
REQUIRED = {
    "full_name": "Enter your full name",
    "email": "Enter your email address",
    "login": "Enter your email address",
    "password": "Enter your password",
    "oldpassword": "Enter your current password",
    "password1": "Enter a password",
    "password2": "Enter the password again",
    "code": "Enter the code",
}
CODE_HINT = "The 6-digit code your authenticator app shows now, or one of your recovery codes"


class GovukForm:
    """Labels, hints and GOV.UK classes for an allauth form: `labels` and `hints` map field names
    to the site's words."""

    labels = {}
    hints = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.pop("placeholder", None)
            if name in self.labels:
                field.label = self.labels[name]
            field.help_text = self.hints.get(name, "")
            if name in REQUIRED:
                field.error_messages["required"] = REQUIRED[name]
        apply_govuk_classes(self)


class SignInForm(GovukForm, account_forms.LoginForm):
    labels = {"login": "Email address", "password": "Password"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].widget.attrs.update(autocomplete="email", spellcheck="false")


class SignUpForm(GovukForm, account_forms.SignupForm):
    full_name = forms.CharField(label="Full name", max_length=150)
    field_order = ["full_name", "email", "password1", "password2"]
    labels = {"email": "Email address", "password1": "Create a password", "password2": "Confirm your password"}
    hints = {
        "email": "Use your work address: we will send a link to it to check it is yours",
        "password1": NEW_PASSWORD_HINT,
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].widget.attrs.update(autocomplete="name", spellcheck="false")
        self.fields["email"].widget.attrs.update(autocomplete="email", spellcheck="false")


class ChangeEmailForm(GovukForm, account_forms.AddEmailForm):
    labels = {"email": "New email address"}
    hints = {"email": "We will send a link to it; your address changes once you follow the link"}


class ChangePasswordForm(GovukForm, account_forms.ChangePasswordForm):
    labels = {"oldpassword": "Current password", "password1": "New password", "password2": "Confirm your new password"}
    hints = {"password1": NEW_PASSWORD_HINT}


class SetPasswordForm(GovukForm, account_forms.SetPasswordForm):
    labels = {"password1": "New password", "password2": "Confirm your new password"}
    hints = {"password1": NEW_PASSWORD_HINT}


class ResetPasswordForm(GovukForm, account_forms.ResetPasswordForm):
    labels = {"email": "Email address"}
    hints = {"email": "The address you sign in with"}


class ResetPasswordKeyForm(GovukForm, account_forms.ResetPasswordKeyForm):
    labels = {"password1": "New password", "password2": "Confirm your new password"}
    hints = {"password1": NEW_PASSWORD_HINT}


class ReauthenticateForm(GovukForm, account_forms.ReauthenticateForm):
    labels = {"password": "Password"}


class TwoFactorCodeForm(GovukForm, mfa_forms.AuthenticateForm):
    labels = {"code": "Code"}
    hints = {"code": CODE_HINT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(inputmode="numeric", spellcheck="false")


class TwoFactorReauthenticateForm(TwoFactorCodeForm, mfa_forms.ReauthenticateForm):
    pass


class ActivateTOTPForm(GovukForm, totp_forms.ActivateTOTPForm):
    labels = {"code": "Code from your authenticator app"}
    hints = {"code": "The 6-digit code the app shows for this service"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(inputmode="numeric", spellcheck="false")
        self.fields["code"].widget.attrs["class"] += " govuk-input--width-10"


class DeactivateTOTPForm(GovukForm, totp_forms.DeactivateTOTPForm):
    pass


class GenerateRecoveryCodesForm(GovukForm, recovery_forms.GenerateRecoveryCodesForm):
    pass


class DeleteAccountForm(GovukForm, forms.Form):
    """Deleting an account asks for the current password: a session left open is not enough."""

    password = forms.CharField(label="Your current password", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("The password is not right: enter your current password")
        return password


class ChangeNameForm(GovukForm, forms.Form):
    full_name = forms.CharField(label="Full name", max_length=150)
    hints = {"full_name": "As colleagues know you: it shows beside your signatures and decisions"}

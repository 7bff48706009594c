from django.contrib.auth.forms import AuthenticationForm

from registry.govuk_forms import apply_govuk_classes


class SignInForm(AuthenticationForm):
    """Email and password; the error message never says which of the two was wrong."""

    error_messages = {
        "invalid_login": "Enter a correct email address and password. The password is case-sensitive.",
        "inactive": "This account has been switched off. Ask your organisation's leader to restore it.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].widget.attrs.update(autocomplete="email", spellcheck="false")
        apply_govuk_classes(self)

"""Signing in by email address, whatever its case: accounts.models.UserManager stores addresses
lower-cased, so "Leader@Demo.example" is the same person as "leader@demo.example". The password
is still compared exactly. Covers every sign-in form, the admin's included."""
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.pop(get_user_model().USERNAME_FIELD, None)
        if username is not None:
            # No address holds a NUL character, and PostgreSQL refuses any text that does (an
            # API call's Basic credentials can carry one): nobody to find.
            if "\x00" in username:
                return None
            username = username.lower()
        return super().authenticate(request, username=username, password=password, **kwargs)

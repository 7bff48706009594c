"""Forms for asking to act for a school or organisation, inviting colleagues and deciding.
They check only what a form can (a field is filled in, an address looks like one); the rules
are the service functions'."""
from django import forms

from accounts.affiliation_requests import PROPOSABLE_KINDS
from accounts.models import Affiliation
from registry.filters import SEARCH_LENGTH_LIMIT
from registry.govuk_forms import GovukBoundField, apply_govuk_classes

ROLE_HINT = "A leader is the headteacher or head of the organisation, or a member of its senior team."


class GovukForm(forms.Form):
    """GOV.UK classes, radios included (rendered by includes/radios.html)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        radios = {name: field for name, field in self.fields.items() if isinstance(field.widget, forms.RadioSelect)}
        others = {name: field for name, field in self.fields.items() if name not in radios}
        self.fields = others
        apply_govuk_classes(self)
        for field in radios.values():
            field.bound_field_class = GovukBoundField
        self.fields = {name: (radios.get(name) or others[name]) for name in [*others, *radios]}
        self.order_fields(self.field_order)


class FindForm(GovukForm):
    q = forms.CharField(label="School name, URN or postcode", required=False, **SEARCH_LENGTH_LIMIT)
    organisation = forms.CharField(label="Organisation name", required=False, **SEARCH_LENGTH_LIMIT)


class AskForm(GovukForm):
    role = forms.ChoiceField(
        label="Your role", choices=Affiliation.Role.choices, widget=forms.RadioSelect, help_text=ROLE_HINT,
        error_messages={"required": "Choose your role"},
    )
    note = forms.CharField(
        label="Your job title, or how you work there", max_length=200,
        error_messages={"required": "Enter your job title, or how you work there"},
    )


class ProposeForm(AskForm):
    name = forms.CharField(label="Organisation name", max_length=200, error_messages={"required": "Enter the organisation's name"})
    kind = forms.ChoiceField(
        label="What kind of organisation is it?", widget=forms.RadioSelect,
        choices=[(kind.value, kind.label) for kind in PROPOSABLE_KINDS],
        error_messages={"required": "Choose what kind of organisation it is"},
    )
    website = forms.URLField(
        label="Website (optional)", required=False, assume_scheme="https",
        error_messages={"invalid": "Enter a website address in the correct format, like www.example.ac.uk"},
    )
    field_order = ["name", "kind", "website", "role", "note"]


class InviteForm(GovukForm):
    email = forms.EmailField(
        label="Their email address", error_messages={"required": "Enter their email address", "invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    role = forms.ChoiceField(label="Their role", choices=Affiliation.Role.choices, widget=forms.RadioSelect, error_messages={"required": "Choose their role"})

    def __init__(self, *args, roles=None, **kwargs):
        super().__init__(*args, **kwargs)
        if roles is not None:
            self.fields["role"].choices = [choice for choice in Affiliation.Role.choices if choice[0] in roles]


class DecideForm(GovukForm):
    reason = forms.CharField(label="Reason", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RoleForm(GovukForm):
    role = forms.ChoiceField(label="Role", choices=Affiliation.Role.choices)

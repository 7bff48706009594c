from django import forms

from notices.models import Kind


class EmailChoicesForm(forms.Form):
    wanted = forms.MultipleChoiceField(
        label="Email me about",
        help_text="Select all that apply. Everything is still listed on Your alliances, whatever you choose.",
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

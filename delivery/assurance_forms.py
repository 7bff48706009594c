"""Forms for assurance: the school's answer through its link, the managers sending the link and
resolving a dispute."""
from django import forms

from delivery.forms import DAYS, GovukForm


class SchoolAnswerForm(GovukForm):
    answer = forms.ChoiceField(
        label="Is this record of the support right?", widget=forms.RadioSelect,
        choices=[("confirm", "Yes, it is right"), ("dispute", "No, something is wrong")],
        error_messages={"required": "Say whether the record is right"},
    )
    reason = forms.CharField(
        label="What is wrong with it?", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed if something is wrong: the alliance's leads will read it and correct the record",
    )
    name = forms.CharField(label="Your name", max_length=200, error_messages={"required": "Enter your name"})
    role = forms.CharField(label="Your role at the school (optional)", max_length=200, required=False)
    rating = forms.TypedChoiceField(
        label="How would you rate the support your school received? (optional)", coerce=int, empty_value=None, required=False,
        widget=forms.RadioSelect, choices=[(1, "Outstanding"), (2, "Good"), (3, "Requires improvement"), (4, "Inadequate")],
    )
    comment = forms.CharField(label="Comments on the support (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, can_rate=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_rate:
            del self.fields["rating"], self.fields["comment"]

    def clean(self):
        data = super().clean()
        if data.get("answer") == "dispute" and not (data.get("reason") or "").strip():
            self.add_error("reason", "Say what is wrong with the record")  # beside the field; the rule checks it again
        return data

    def service_arguments(self):
        data = self.cleaned_data
        return {
            "confirmed": data["answer"] == "confirm", "name": data["name"], "role": data.get("role", ""),
            "reason": data.get("reason", ""), "rating": data.get("rating"), "comment": data.get("comment", ""),
        }


class AskSchoolForm(GovukForm):
    email = forms.CharField(
        label="Email address to send the link to (optional)", required=False, max_length=254,
        help_text="Leave empty to send it to the school's leaders and business managers on the platform",
    )


class ResolveDisputeForm(GovukForm):
    resolution = forms.CharField(
        label="What did you change, or why does the record stand?", widget=forms.Textarea(attrs={"rows": 4}),
    )
    days_delivered = forms.DecimalField(label="Days delivered", **DAYS)
    outcome = forms.CharField(label="Outcome", widget=forms.Textarea(attrs={"rows": 4}))
    email = forms.CharField(
        label="Email address to send the new link to (optional)", required=False, max_length=254,
        help_text="Leave empty to send it to the address that disputed the record",
    )

"""Forms for programme pages, in the GOV.UK Design System."""
from decimal import Decimal

from django import forms

from types import SimpleNamespace

from delivery.models import Evaluation, Programme
from registry.govuk_forms import GovukDateField, apply_govuk_classes

TIME_HELP = "24-hour clock, for example 09:30"


class GovukForm(forms.Form):
    """GOV.UK classes on every widget but radios, which includes/radios.html draws itself."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled = {name: field for name, field in self.fields.items() if not isinstance(field.widget, forms.RadioSelect)}
        apply_govuk_classes(SimpleNamespace(fields=styled))


class ProgrammeForm(GovukForm):
    title = forms.CharField(label="Title", max_length=200)
    kind = forms.ChoiceField(label="Kind of programme", choices=Programme.Kind.choices)
    description = forms.CharField(label="Description", required=False, widget=forms.Textarea(attrs={"rows": 5}))
    led_by = forms.ModelMultipleChoiceField(
        label="Led by", queryset=None, widget=forms.CheckboxSelectMultiple,
        help_text="The alliance's current lead schools and deliverers",
    )
    places = forms.IntegerField(label="Places", min_value=1, max_value=10000)
    price = forms.DecimalField(
        label="Price per place in pounds (0 if free)", min_value=0, max_digits=8, decimal_places=2, initial=0,
    )
    free_to_members = forms.BooleanField(label="Free to the alliance's member schools", required=False)

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["led_by"].queryset = roles
        self.fields["led_by"].label_from_instance = lambda role: f"{role.holder.name} ({role.get_role_display().lower()})"

    @classmethod
    def initial_for(cls, programme):
        return {
            "title": programme.title, "kind": programme.kind, "description": programme.description,
            "led_by": list(programme.led_by.values_list("pk", flat=True)), "places": programme.places,
            "price": Decimal(programme.price_pence) / 100, "free_to_members": programme.free_to_members,
        }

    def service_arguments(self):
        data = self.cleaned_data
        return {
            "title": data["title"], "kind": data["kind"], "description": data["description"], "led_by": list(data["led_by"]),
            "places": data["places"], "price_pence": int((data["price"] or 0) * 100), "free_to_members": data["free_to_members"],
        }


class SessionForm(GovukForm):
    date = GovukDateField(label="Date", help_text="For example, 27 3 2027")
    starts_at = forms.TimeField(label="Start time", help_text=TIME_HELP, error_messages={"invalid": "Enter a time such as 09:30"})
    ends_at = forms.TimeField(label="End time", help_text=TIME_HELP, error_messages={"invalid": "Enter a time such as 15:30"})
    venue = forms.CharField(label="Venue (leave empty if online)", required=False, max_length=300)
    online = forms.BooleanField(label="The session is online", required=False)
    online_link = forms.URLField(label="Link to join (for an online session)", required=False, assume_scheme="https")
    places = forms.IntegerField(
        label="Places at this session (optional)", required=False, min_value=1,
        help_text="Only if the room is smaller than the programme's places",
    )


class BookForm(GovukForm):
    school = forms.ModelChoiceField(label="The school you work at", queryset=None, empty_label=None)

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools


class ReasonForm(GovukForm):
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 2}))


class PolicyForm(GovukForm):
    approval_required = forms.ChoiceField(
        label="Do staff bookings need approval from a leader or business manager?",
        choices=[("yes", "Yes, a leader or business manager approves each booking"), ("no", "No, bookings are confirmed at once")],
        widget=forms.RadioSelect,
    )


class EvaluationForm(GovukForm):
    rating = forms.TypedChoiceField(
        label="How would you rate the programme overall?", coerce=int, widget=forms.RadioSelect,
        choices=[(5, "5: excellent"), (4, "4: good"), (3, "3: satisfactory"), (2, "2: poor"), (1, "1: very poor")],
        error_messages={"required": "Rate the programme from 1 to 5"},
    )
    improved_practice = forms.ChoiceField(
        label="Has it improved, or will it improve, practice in your school?", widget=forms.RadioSelect,
        choices=Evaluation.ImprovedPractice.choices, error_messages={"required": "Say whether it has improved practice"},
    )
    outweighed_workload = forms.ChoiceField(
        label="Did its benefits outweigh any short-term workload?", widget=forms.RadioSelect,
        choices=Evaluation.OutweighedWorkload.choices, error_messages={"required": "Say whether its benefits outweighed the workload"},
    )
    comments = forms.CharField(
        label="Comments (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The alliance sees comments without your name",
    )


class AttendanceForm(GovukForm):
    present = forms.ModelMultipleChoiceField(
        label="Who was there?", queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, bookings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = bookings
        self.fields["present"].label_from_instance = lambda b: f"{b.participant} ({b.school.name})"

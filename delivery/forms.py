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


# --- School-to-school support and the contribution ledger ---------------------------------------


def holder_key(holder):
    """A school's or organisation's value in a choice: 'school-<id>' or 'organisation-<id>'."""
    from registry.models import School

    return f"{'school' if isinstance(holder, School) else 'organisation'}-{holder.pk}"


class HolderChoiceField(forms.ChoiceField):
    """A choice of schools and organisations, cleaned to the one chosen."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.holders = {}

    def set_holders(self, holders):
        self.holders = {holder_key(h): h for h in holders}
        self.choices = [("", "Choose")] + [(key, h.name) for key, h in self.holders.items()]

    def clean(self, value):
        return self.holders.get(super().clean(value))


DAYS = {"min_value": 0, "max_digits": 6, "decimal_places": 1}


class SupportForm(GovukForm):
    supported_urn = forms.IntegerField(
        label="URN of the school being supported", min_value=1, help_text="The school's unique reference number, from Find a school",
        error_messages={"invalid": "Enter the URN as a number", "required": "Enter the URN of the school being supported"},
    )
    supporter = HolderChoiceField(label="Supporting school or organisation", help_text="The alliance's current leads, deliverers and member schools")
    supporter_name = forms.CharField(label="Named supporter (optional)", required=False, max_length=200, help_text="For example, the specialist leader of education")
    focus_area = forms.ModelChoiceField(label="Area of expertise", queryset=None, empty_label="Choose")
    objectives = forms.CharField(label="Objectives", widget=forms.Textarea(attrs={"rows": 3}))
    success_criteria = forms.CharField(label="Success criteria", widget=forms.Textarea(attrs={"rows": 3}))
    starts_on = GovukDateField(label="Starts on", help_text="For example, 6 1 2026")
    ends_on = GovukDateField(label="Ends on", help_text="For example, 27 3 2026")
    days_planned = forms.DecimalField(label="Days planned", **DAYS)
    state = forms.ChoiceField(label="State", widget=forms.RadioSelect)

    def __init__(self, *args, supporters, states, **kwargs):
        from delivery.models import ExpertiseArea

        super().__init__(*args, **kwargs)
        self.fields["supporter"].set_holders(supporters)
        self.fields["focus_area"].queryset = ExpertiseArea.objects.filter(active=True) | ExpertiseArea.objects.filter(pk=self.initial.get("focus_area"))
        self.fields["focus_area"].label_from_instance = lambda area: f"{area.name} ({area.ofsted_focus.lower()})"
        self.fields["state"].choices = states

    def clean_supported_urn(self):
        from registry.models import School

        school = School.objects.filter(urn=self.cleaned_data["supported_urn"]).first()
        if school is None:
            raise forms.ValidationError("No school has that URN")
        return school

    @classmethod
    def initial_for(cls, assignment):
        return {
            "supported_urn": assignment.supported_school.urn, "supporter": holder_key(assignment.supporter),
            "supporter_name": assignment.supporter_name, "focus_area": assignment.focus_area_id, "objectives": assignment.objectives,
            "success_criteria": assignment.success_criteria, "starts_on": assignment.starts_on, "ends_on": assignment.ends_on,
            "days_planned": assignment.days_planned, "state": assignment.state,
        }

    def service_arguments(self):
        data = dict(self.cleaned_data)
        data["supported_school"] = data.pop("supported_urn")
        return data


class CompleteSupportForm(GovukForm):
    days_delivered = forms.DecimalField(label="Days delivered", **DAYS)
    outcome = forms.CharField(label="Outcome", widget=forms.Textarea(attrs={"rows": 4}), help_text="What changed, against the success criteria")


class RateSupportForm(GovukForm):
    rating = forms.TypedChoiceField(
        label="How would you rate the support your school received?", coerce=int, widget=forms.RadioSelect,
        choices=[(1, "Outstanding"), (2, "Good"), (3, "Requires improvement"), (4, "Inadequate")],
        error_messages={"required": "Choose a rating for the support"},
    )
    comment = forms.CharField(label="Comments (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class EntryForm(GovukForm):
    contributor = HolderChoiceField(label="Contributor")
    amount = forms.DecimalField(label="Amount", min_value=Decimal("0.01"), max_digits=7, decimal_places=2)

    def __init__(self, *args, contributors, unit_label, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contributor"].set_holders(contributors)
        self.fields["amount"].label = f"Amount ({unit_label})"


class CorrectionForm(GovukForm):
    amount = forms.DecimalField(label="Correct amount", min_value=Decimal("0.01"), max_digits=7, decimal_places=2)
    reason = forms.CharField(label="Reason for the correction", widget=forms.Textarea(attrs={"rows": 2}))


class LedgerFilterForm(GovukForm):
    state = forms.ChoiceField(label="State", required=False)
    contributor = forms.ChoiceField(label="School or organisation", required=False)
    area = forms.ChoiceField(label="Delivery area", required=False)
    kind = forms.ChoiceField(label="Kind of record", required=False, choices=[("", "Any"), ("programme", "Programmes"), ("supportassignment", "School-to-school support"), ("traineecohort", "ITT cohorts")])
    start = forms.DateField(label="Delivered from", required=False, help_text="For example, 2025-09-01", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="Delivered to", required=False, help_text="For example, 2026-08-31", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, contributors, **kwargs):
        from alliances.models import DeliveryArea
        from delivery.models import Contribution

        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", "Any"), *Contribution.State.choices]
        self.fields["contributor"].choices = [("", "Any"), *contributors]
        self.fields["area"].choices = [("", "Any"), *DeliveryArea.choices]

"""Forms for alliance pages, styled for the GOV.UK Design System."""
from django import forms

from alliances.models import Alliance, DeliveryArea, MembershipTerms
from registry.govuk_forms import apply_govuk_classes


class GovukForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_govuk_classes(self)


class DirectoryFilterForm(GovukForm):
    q = forms.CharField(label="Alliance name", required=False)
    region = forms.ChoiceField(label="Region of a lead school", required=False)
    alliance_type = forms.ChoiceField(
        label="Type", required=False, choices=[("", "Any type"), *Alliance.Type.choices]
    )
    area = forms.ChoiceField(label="Delivers", required=False, choices=[("", "Any area"), *DeliveryArea.choices])

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "Any region"), *[(r, r) for r in regions]]


class JoinForm(GovukForm):
    school = forms.ModelChoiceField(queryset=None, label="Which school is asking to join?", empty_label=None)
    message = forms.CharField(
        label="What would your school like from the alliance, and what could it offer?",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools


class AcceptForm(GovukForm):
    subscription = forms.DecimalField(
        label="Subscription in pounds (0 for free membership)", min_value=0, max_digits=8, decimal_places=2, initial=0
    )
    period = forms.ChoiceField(label="Paid every", required=False, choices=[("", "Not applicable"), *MembershipTerms.Period.choices])
    renewal_due_on = forms.DateField(
        label="Renewal due on", required=False, help_text="For example, 2027-09-01", widget=forms.DateInput(attrs={"type": "date"})
    )


class ReasonForm(GovukForm):
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 3}))


class MemorandumForm(GovukForm):
    text = forms.CharField(label="Memorandum of understanding", widget=forms.Textarea(attrs={"rows": 10}))


class SignForm(GovukForm):
    school = forms.ModelChoiceField(queryset=None, label="Sign for", empty_label=None)

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools


class AgreementForm(GovukForm):
    roles_and_responsibilities = forms.CharField(
        label="Roles and responsibilities of each teaching school and deliverer", widget=forms.Textarea(attrs={"rows": 6})
    )
    governance = forms.CharField(label="Governance arrangements", widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, leads, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(school.pk, school.name) for school in leads]
        for area in DeliveryArea:
            self.fields[f"accountable_{area.value}"] = forms.TypedChoiceField(
                label=f"Accountable for {area.in_sentence}", choices=choices, coerce=int
            )
        apply_govuk_classes(self)

    def accountable(self, leads):
        by_id = {school.pk: school for school in leads}
        return {area.value: by_id[self.cleaned_data[f"accountable_{area.value}"]] for area in DeliveryArea}


class DesignationApplicationForm(GovukForm):
    school = forms.ModelChoiceField(queryset=None, label="School applying", empty_label=None)
    itt_evidence = forms.CharField(
        label="Track record in initial teacher training", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Partnerships, trainees placed and their outcomes.",
    )
    support_evidence = forms.CharField(
        label="Track record of supporting other schools", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Which schools, what support, what changed.",
    )
    headteacher_evidence = forms.CharField(
        label="Headteacher's experience", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools


class ResourceForm(GovukForm):
    title = forms.CharField(label="Title", max_length=200)
    url = forms.URLField(label="Link", assume_scheme="https")
    description = forms.CharField(label="What it is", required=False, widget=forms.Textarea(attrs={"rows": 3}))


"""Forms for SLE applications and decisions, schools' needs and offers, and the Council's list
of areas of expertise. Fields only check their shape; the rules live in the service modules."""
from django import forms

from brokerage.models import CurrentRole, SchoolNeed
from delivery.forms import GovukForm
from delivery.models import ExpertiseArea
from registry.govuk_forms import GovukDateField

DAYS = {"min_value": 0, "max_digits": 5, "decimal_places": 1, "error_messages": {"invalid": "Enter a number of days, such as 5 or 2.5"}}


def _area_label(area):
    return f"{area.name} ({area.ofsted_focus.lower()})"


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, area):
        return _area_label(area)


class AreasChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, area):
        return _area_label(area)


def active_areas(keep=None):
    """The areas on offer, and the one a record already has (so editing keeps a retired area)."""
    areas = ExpertiseArea.objects.filter(active=True)
    return areas | ExpertiseArea.objects.filter(pk=keep) if keep else areas


class ApplicationForm(GovukForm):
    school = forms.TypedChoiceField(label="Your school", coerce=int, empty_value=None)
    teaching_school = forms.TypedChoiceField(
        label="Teaching school you ask to assess you", coerce=int, empty_value=None,
        help_text="A designated teaching school, usually the one leading your school's alliance",
    )
    areas = AreasChoiceField(
        label="Areas of expertise", queryset=None, widget=forms.CheckboxSelectMultiple,
        help_text="Choose every area you can support other schools in", error_messages={"required": "Choose at least one area of expertise"},
    )
    current_role = forms.ChoiceField(label="Your current role", choices=CurrentRole.choices, widget=forms.RadioSelect)
    leadership_years = forms.IntegerField(
        label="Years in a leadership role below headteacher", min_value=0, max_value=60,
        error_messages={"invalid": "Enter the years as a whole number, such as 3"},
    )
    evidence = forms.CharField(
        label="Your track record", widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What you have led and its impact, with figures where you have them",
    )

    def __init__(self, *args, schools, teaching_schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.schools = {school.pk: school for school in schools}
        self.teaching_schools = {school.pk: school for school in teaching_schools}
        self.fields["school"].choices = [("", "Choose")] + [(s.pk, s.name) for s in schools]
        self.fields["teaching_school"].choices = [("", "Choose")] + [(s.pk, s.name) for s in teaching_schools]
        self.fields["areas"].queryset = active_areas()

    def service_arguments(self):
        data = dict(self.cleaned_data)
        data["school"] = self.schools.get(data["school"])
        data["teaching_school"] = self.teaching_schools.get(data["teaching_school"])
        return data


class ConsentForm(GovukForm):
    consents = forms.TypedChoiceField(
        label="Do you consent to this application?", widget=forms.RadioSelect, coerce=lambda value: value == "yes",
        choices=[("yes", "Yes, the school consents"), ("no", "No, the school does not consent")],
        error_messages={"required": "Say whether the school consents"},
    )
    reason = forms.CharField(label="Reason (needed if you do not consent)", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class AssessmentForm(GovukForm):
    designate = forms.TypedChoiceField(
        label="Your decision", widget=forms.RadioSelect, coerce=lambda value: value == "yes",
        choices=[("yes", "Designate as a specialist leader of education"), ("no", "Do not designate")],
        error_messages={"required": "Choose whether to designate"},
    )
    yearly_capacity_days = forms.DecimalField(label="Yearly capacity in days", initial=15, help_text="Typically about 15", **DAYS)
    reasons = forms.CharField(label="Reasons (needed if you do not designate)", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CapacityForm(GovukForm):
    yearly_capacity_days = forms.DecimalField(label="Yearly capacity in days", **DAYS)


class EndForm(GovukForm):
    ends_on = GovukDateField(label="Last day of the designation", required=False, help_text="Leave blank for today")
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 3}))


class NeedForm(GovukForm):
    area = AreaChoiceField(label="Area of expertise", queryset=None, empty_label="Choose")
    phase = forms.CharField(label="Phase", max_length=40, help_text="For example, Primary or Secondary")
    priority = forms.ChoiceField(label="Priority", choices=SchoolNeed.Priority.choices, widget=forms.RadioSelect)
    wanted_by = GovukDateField(label="Wanted by (optional)", required=False, help_text="For example, 27 3 2027")
    days_wanted = forms.DecimalField(label="Days of support wanted", **DAYS)
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, keep_area=None, with_state=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = active_areas(keep_area)
        if with_state:
            self.fields["state"] = forms.ChoiceField(label="State", choices=SchoolNeed.State.choices, widget=forms.RadioSelect)

    @classmethod
    def initial_for(cls, need):
        return {
            "area": need.area_id, "phase": need.phase, "priority": need.priority, "wanted_by": need.wanted_by,
            "days_wanted": need.days_wanted, "notes": need.notes, "state": need.state,
        }


class OfferForm(GovukForm):
    area = AreaChoiceField(label="Area of expertise", queryset=None, empty_label="Choose")
    given_by = forms.CharField(label="Person or team", max_length=200, help_text="For example, the maths team")
    specialist_leader = forms.ModelChoiceField(label="SLE who gives it (optional)", queryset=None, required=False, empty_label="None")
    days_per_year = forms.DecimalField(label="Days available a year", **DAYS)

    def __init__(self, *args, keep_area=None, sles, with_active=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = active_areas(keep_area)
        self.fields["specialist_leader"].queryset = sles
        self.fields["specialist_leader"].label_from_instance = lambda sle: str(sle.person)
        if with_active:
            self.fields["active"] = forms.BooleanField(label="Still offered", required=False)

    @classmethod
    def initial_for(cls, offer):
        return {
            "area": offer.area_id, "given_by": offer.given_by, "specialist_leader": offer.specialist_leader_id,
            "days_per_year": offer.days_per_year, "active": offer.active,
        }


class AreaForm(GovukForm):
    name = forms.CharField(label="Name", max_length=200)
    ofsted_focus = forms.CharField(label="Ofsted focus area", max_length=100, help_text="For example, Pupil achievement")

    def __init__(self, *args, with_active=False, **kwargs):
        super().__init__(*args, **kwargs)
        if with_active:
            self.fields["active"] = forms.BooleanField(label="Offered for new records (untick to retire the area)", required=False)


# --- Deployments ----------------------------------------------------------------------------------


class RequestForm(GovukForm):
    supporter = forms.ChoiceField(
        label="Who you ask for", widget=forms.RadioSelect, error_messages={"required": "Choose an SLE or a school's offer"},
    )
    days = forms.DecimalField(label="Days of support", required=False, help_text="Leave blank for the days the need wants", **DAYS)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {candidate.key: candidate for candidate in candidates}
        self.fields["supporter"].choices = [(candidate.key, candidate.label) for candidate in candidates]

    def service_arguments(self):
        chosen = self.candidates[self.cleaned_data["supporter"]]
        return {"specialist_leader": chosen.sle, "offer": chosen.offer, "days": self.cleaned_data["days"]}


class ReleaseForm(GovukForm):
    released = forms.TypedChoiceField(
        label="Does your school release them for this deployment?", widget=forms.RadioSelect, coerce=lambda value: value == "yes",
        choices=[("yes", "Yes, the school releases them"), ("no", "No, the school does not release them")],
        error_messages={"required": "Say whether the school releases them"},
    )
    reason = forms.CharField(label="Reason (needed if you do not release them)", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class AgreementForm(GovukForm):
    days = forms.DecimalField(label="Days agreed", **DAYS)
    day_rate = forms.DecimalField(
        label="Day rate in pounds", min_value=0, max_digits=8, decimal_places=2,
        error_messages={"invalid": "Enter the day rate in pounds, such as 350 or 412.50"},
    )
    home_school_share = forms.DecimalField(
        label="Home school's share of the fee (%)", min_value=0, max_value=100, max_digits=5, decimal_places=2,
        help_text="The brokering teaching school keeps the rest", error_messages={"invalid": "Enter a percentage, such as 60"},
    )
    objectives = forms.CharField(label="Objectives", widget=forms.Textarea(attrs={"rows": 4}))
    success_criteria = forms.CharField(label="Success criteria", widget=forms.Textarea(attrs={"rows": 4}))
    starts_on = GovukDateField(label="Starts on", help_text="For example, 7 1 2027")
    ends_on = GovukDateField(label="Ends on", help_text="For example, 26 3 2027")


class CancelForm(GovukForm):
    reason = forms.CharField(label="Reason for cancelling", widget=forms.Textarea(attrs={"rows": 3}))

"""Forms for the ITT pages, in the GOV.UK Design System. They check shape only; the rules in
delivery/itt.py decide."""
from django import forms

from delivery.forms import GovukForm
from delivery.models import Trainee, TraineeCohort
from registry.govuk_forms import GovukDateField
from registry.models import Organisation, School

# Accredited providers are universities, SCITTs and the like; listing every trust would make the
# select thousands long, so other providers are typed.
PROVIDER_KINDS = (Organisation.Kind.UNIVERSITY, Organisation.Kind.PRIVATE_PROVIDER, Organisation.Kind.OTHER)


class CohortForm(GovukForm):
    academic_year = forms.IntegerField(
        label="Academic year it starts", min_value=2000, max_value=2100, help_text="For 2026 to 2027, enter 2026",
        error_messages={"required": "Enter the year the academic year starts, such as 2026"},
    )
    route = forms.ChoiceField(label="Training route", choices=TraineeCohort.Route.choices, widget=forms.RadioSelect,
                              error_messages={"required": "Choose the training route"})
    accredited_provider = forms.ModelChoiceField(
        label="Accredited provider", queryset=Organisation.objects.filter(kind__in=PROVIDER_KINDS), required=False,
        empty_label="Not listed: type its name below",
    )
    accredited_provider_name = forms.CharField(label="Accredited provider, if not listed", max_length=200, required=False)
    partner_university = forms.ModelChoiceField(
        label="Partner university (optional)", queryset=Organisation.objects.filter(kind=Organisation.Kind.UNIVERSITY),
        required=False, empty_label="None",
    )
    subject_phase = forms.CharField(label="Subject or phase (optional)", max_length=200, required=False,
                                    help_text="For example, Primary, or Secondary mathematics")
    lead_school = forms.ModelChoiceField(label="Lead teaching school", queryset=None, empty_label=None)

    def __init__(self, *args, lead_schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_school"].queryset = lead_schools


class TraineeForm(GovukForm):
    reference = forms.CharField(label="Reference", max_length=40, help_text="The alliance's own reference, not the trainee's name",
                                error_messages={"required": "Enter the trainee's reference"})
    display_name = forms.CharField(label="Name (optional)", max_length=200, required=False,
                                   help_text="Only the alliance's leads see it")
    subject = forms.CharField(label="Subject (optional)", max_length=100, required=False)
    phase = forms.CharField(label="Phase (optional)", max_length=100, required=False)


class BulkTraineesForm(GovukForm):
    prefix = "bulk"  # shares the cohort page with TraineeForm: distinct field ids
    number = forms.IntegerField(label="How many trainees", min_value=1, max_value=200,
                                error_messages={"required": "Enter how many trainees to add"})
    reference_prefix = forms.CharField(label="Reference prefix", max_length=30, help_text="References follow it: 2026-SAL-001, 2026-SAL-002 and on",
                             error_messages={"required": "Enter a reference prefix"})
    subject = forms.CharField(label="Subject (optional)", max_length=100, required=False)
    phase = forms.CharField(label="Phase (optional)", max_length=100, required=False)

    def service_arguments(self):
        data = self.cleaned_data
        return {"number": data["number"], "prefix": data["reference_prefix"], "subject": data["subject"], "phase": data["phase"]}


class OutcomeForm(GovukForm):
    state = forms.ChoiceField(label="Where does the trainee's training stand?", choices=Trainee.State.choices, widget=forms.RadioSelect,
                              error_messages={"required": "Choose where the training stands"})
    outcome_on = GovukDateField(label="Date of the outcome", required=False, help_text="Leave empty while in training. For example, 14 7 2027")
    employed = forms.ChoiceField(
        label="Employed as a teacher within six months of QTS?", choices=Trainee.Employed.choices, widget=forms.RadioSelect,
        initial=Trainee.Employed.UNKNOWN,
    )
    employing_urn = forms.IntegerField(label="Employing school's URN (optional)", required=False, min_value=1,
                                       help_text="The 6-digit unique reference number, if employed")

    def clean_employing_urn(self):
        urn = self.cleaned_data["employing_urn"]
        if urn is None:
            return None
        school = School.objects.filter(urn=urn).first()
        if school is None:
            raise forms.ValidationError("No school has that URN")
        return school

    @classmethod
    def initial_for(cls, trainee):
        return {
            "state": trainee.state, "outcome_on": trainee.outcome_on, "employed": trainee.employed_within_six_months,
            "employing_urn": trainee.employing_school.urn if trainee.employing_school_id else None,
        }

    def service_arguments(self):
        data = self.cleaned_data
        return {"state": data["state"], "outcome_on": data["outcome_on"], "employed": data["employed"] or Trainee.Employed.UNKNOWN,
                "employing_school": data["employing_urn"]}


class PlacementForm(GovukForm):
    school = forms.ModelChoiceField(label="School", queryset=None, empty_label="Choose a school",
                                    error_messages={"required": "Choose the school"})
    starts_on = GovukDateField(label="Starts on", help_text="For example, 8 9 2026")
    ends_on = GovukDateField(label="Ends on (optional)", required=False, help_text="Leave empty if not known yet")

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["school"].label_from_instance = lambda school: school.name


class EndPlacementForm(GovukForm):
    ends_on = GovukDateField(label="Last day of the placement", help_text="For example, 19 12 2026")


class NationalRateForm(GovukForm):
    year = forms.IntegerField(label="Academic year it starts", min_value=2000, max_value=2100, help_text="For 2026 to 2027, enter 2026",
                              error_messages={"required": "Enter the year the academic year starts"})
    value = forms.DecimalField(label="Trainees employed within six months, nationally (%)", min_value=0, max_value=100,
                               max_digits=5, decimal_places=1, error_messages={"required": "Enter the national percentage"})

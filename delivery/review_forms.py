"""Forms of the contribution review pages: the period reviewed, the Council's filter and the
success criteria for a year."""
from decimal import Decimal
from types import SimpleNamespace

from django import forms

from delivery.forms import GovukForm
from delivery.kpis import MEASURES, academic_year_bounds, current_academic_year
from delivery.models import academic_year_label
from delivery.review import FLAG_KINDS
from registry.govuk_forms import apply_govuk_classes

FIRST_YEAR = 2014  # teaching schools' records on the platform start no earlier
LONGEST_DAYS = 5 * 366  # a period longer than five years is a slip of the keyboard


def year_choices(today=None):
    latest = current_academic_year(today) + 1
    return [(year, academic_year_label(year)) for year in range(latest, FIRST_YEAR - 1, -1)]


class PeriodForm(GovukForm):
    """An academic year, or a period from one day to another (which wins when both are given)."""

    year = forms.TypedChoiceField(label="Academic year", coerce=int, required=False, choices=())
    start = forms.DateField(label="Or from", required=False, help_text="For example, 2025-09-01", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="To", required=False, help_text="For example, 2026-08-31", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()
        self.fields["year"].initial = current_academic_year()  # what is shown when nothing is asked

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if (start is None) != (end is None) and not self.errors:
            self.add_error("end" if start else "start", "Give both the first and the last day of the period, or choose an academic year.")
        elif start and end and end < start:
            self.add_error("end", "The period must end on or after the day it starts.")
        elif start and end and (end - start).days > LONGEST_DAYS:
            self.add_error("end", "Review at most five years at once.")
        return cleaned

    def period(self):
        """(start, end) asked for, or the current academic year's when nothing valid was asked."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if data.get("start") and data.get("end"):
            return data["start"], data["end"]
        return academic_year_bounds(data.get("year") or current_academic_year())


class CouncilReviewForm(PeriodForm):
    flag = forms.ChoiceField(label="Showing", required=False, choices=[
        ("", "Every alliance"), *FLAG_KINDS.items(), ("kpi_not_met", "A KPI not met"), ("none", "No flags"),
    ])


class CriteriaForm(GovukForm):
    """One target and one accountable lead school for each of the six measures."""

    def __init__(self, *args, leads, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Choose a lead school"), *((school.pk, school.name) for school in leads)]
        self.leads = {school.pk: school for school in leads}
        for measure, definition in MEASURES.items():
            help_text = ("A percentage. Leave it empty for 'at or above the national rate'." if measure == "employment"
                         else "A percentage." if definition.percentage else f"A number of {definition.unit}.")
            self.fields[f"target_{measure}"] = forms.DecimalField(
                label=f"{definition.kpi_id} {definition.text}: target", required=measure != "employment", min_value=Decimal(0),
                max_value=Decimal(100) if definition.percentage else Decimal(99999), decimal_places=1, max_digits=6, help_text=help_text,
            )
            self.fields[f"school_{measure}"] = forms.TypedChoiceField(
                label=f"{definition.kpi_id} accountable lead school", choices=choices, coerce=int,
            )
        apply_govuk_classes(SimpleNamespace(fields=self.fields))  # the fields made here get the GOV.UK classes too

    def rows(self):
        """(definition, target field, school field) for the template, in KPI order."""
        return [(definition, self[f"target_{measure}"], self[f"school_{measure}"]) for measure, definition in MEASURES.items()]

    def targets(self):
        return {
            measure: (self.cleaned_data[f"target_{measure}"], self.leads.get(self.cleaned_data[f"school_{measure}"]))
            for measure in MEASURES
        }


def initial_criteria(criteria, defaults):
    """The form's starting values: the year's criteria, else the national targets and default schools."""
    initial = {}
    set_ = {criterion.measure: criterion for criterion in criteria}
    for measure, definition in MEASURES.items():
        criterion = set_.get(measure)
        initial[f"target_{measure}"] = criterion.target if criterion else definition.default_target
        school = criterion.accountable_school if criterion else defaults.get(definition.area)
        initial[f"school_{measure}"] = school.pk if school else ""
    return initial


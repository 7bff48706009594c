"""The form that starts a matching run: whose needs (the choices the person may make), the travel
limit and how distance is measured. The rules (ranges, one run at a time) are in brokerage.runs."""
from django import forms

from brokerage.runs import ROAD_ESTIMATE
from delivery.forms import GovukForm

STRAIGHT, ROAD = "straight", "road"


class RunForm(GovukForm):
    whose = forms.ChoiceField(label="Whose needs to match", widget=forms.RadioSelect,
                              error_messages={"required": "Choose whose needs to match"})
    travel_limit_km = forms.DecimalField(
        label="Travel limit in kilometres", max_digits=6, decimal_places=1, initial=25,
        help_text="From 1 to 500. Partners further away than this are not proposed",
        error_messages={"invalid": "Enter the travel limit as a number of kilometres, such as 25"},
    )
    distance = forms.ChoiceField(
        label="How distance is measured", widget=forms.RadioSelect, initial=STRAIGHT,
        choices=[(STRAIGHT, "In a straight line"), (ROAD, f"Estimated by road (the straight line times {ROAD_ESTIMATE})")],
        error_messages={"required": "Choose how distance is measured"},
    )

    def __init__(self, *args, options, **kwargs):
        """`options`: [(value, label, (scope, school, alliance))] the person may choose from."""
        super().__init__(*args, **kwargs)
        self.options = {value: scope for value, _, scope in options}
        self.fields["whose"].choices = [(value, label) for value, label, _ in options]

    def service_arguments(self):
        data = self.cleaned_data
        scope, school, alliance = self.options[data["whose"]]
        return {
            "scope": scope, "school": school, "alliance": alliance, "travel_limit_km": data["travel_limit_km"],
            "road_factor": ROAD_ESTIMATE if data["distance"] == ROAD else 1,
        }

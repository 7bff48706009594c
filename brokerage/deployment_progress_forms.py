"""Forms for a deployment's progress reviews, final report and confirmation of impact. Fields
check only their shape; brokerage/deployment_progress.py holds the rules."""
from django import forms

from brokerage.models import Deployment, ProgressReview
from delivery.forms import GovukForm
from registry.govuk_forms import GovukDateField

DAYS = {"max_digits": 5, "decimal_places": 1, "error_messages": {"invalid": "Enter a number of days, such as 5 or 2.5"}}


class ReviewForm(GovukForm):
    reviewed_on = GovukDateField(label="Date of the review", help_text="For example, 27 3 2026")
    days_used = forms.DecimalField(label="Days used so far", help_text="All the days used since the start, not only since the last review", **DAYS)
    progress = forms.ChoiceField(
        label="How is it going against the success criteria?", choices=ProgressReview.Progress.choices, widget=forms.RadioSelect,
        error_messages={"required": "Say how the deployment is going"},
    )
    notes = forms.CharField(label="What has happened, and what comes next", widget=forms.Textarea(attrs={"rows": 5}))


class FinalReportForm(GovukForm):
    days_delivered = forms.DecimalField(label="Days delivered", **DAYS)
    report = forms.CharField(
        label="Final report", widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What was done, and what changed against each success criterion, with figures where you have them",
    )


class ImpactForm(GovukForm):
    rating = forms.TypedChoiceField(
        label="How would you rate the impact of the support on your school?", coerce=int, widget=forms.RadioSelect,
        choices=Deployment.Rating.choices, error_messages={"required": "Choose a rating of the impact"},
    )
    comment = forms.CharField(
        label="Comments", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed if you rate it Requires improvement or Inadequate: say what fell short",
    )

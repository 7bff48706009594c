"""Forms for the returns, roll-up and evidence-pack pages. They check shape only; the rules in
delivery/returns.py and delivery/documents.py decide."""
from django import forms

from delivery.forms import GovukForm
from delivery.models import academic_year_label
from delivery.kpis import current_academic_year
from delivery.returns import NOTES_LONGEST

YEARS_OFFERED = 10


class YearForm(GovukForm):
    academic_year = forms.TypedChoiceField(label="Academic year", coerce=int, error_messages={"required": "Choose the academic year"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        latest = current_academic_year()
        self.fields["academic_year"].choices = [(year, academic_year_label(year)) for year in range(latest, latest - YEARS_OFFERED, -1)]


class NotesForm(GovukForm):
    notes = forms.CharField(
        label="Notes to the figures", required=False, max_length=NOTES_LONGEST, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Anything the Department should know when reading the figures. Changing them withdraws sign-offs given so far.",
    )

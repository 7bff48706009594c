"""Find an alliance by what a school needs, its phase, character and ethos. Distance is shown and
can sort the list, but never removes an alliance from it."""
from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render

from alliances.finder import FinderQuery, find_alliances
from alliances.forms import GovukForm
from alliances.models import DeliveryArea
from registry.models import School

CHARACTERS = ["Church of England", "Roman Catholic", "Christian", "Jewish", "Muslim", "Methodist", "Sikh", "Hindu"]


class FinderForm(GovukForm):
    urn = forms.IntegerField(label="Your school's URN", required=False, help_text="Fills in your phase, character and location, to show distances.")
    areas = forms.MultipleChoiceField(
        label="What your school needs", required=False, choices=DeliveryArea.choices, widget=forms.CheckboxSelectMultiple
    )
    specialisms = forms.CharField(label="Specialisms you need", required=False, help_text="For example: early reading, maths, SEND")
    phase = forms.ChoiceField(label="Phase", required=False, choices=[("", "Any phase"), *[(p, p) for p in ("Primary", "Secondary", "All-through", "Nursery", "16 plus", "Not applicable")]])
    religious_character = forms.ChoiceField(label="Religious character", required=False, choices=[("", "Any"), *[(c, c) for c in CHARACTERS]])
    ethos = forms.CharField(label="Character and ethos you are looking for", required=False, help_text="For example: inclusive, rural, research-led")
    sort = forms.ChoiceField(label="Sort by", choices=[("relevance", "Best match"), ("distance", "Distance")], required=False)

    def clean_urn(self):
        urn = self.cleaned_data["urn"]
        if urn is not None and not School.objects.filter(urn=urn).exists():
            raise forms.ValidationError("No school has that URN.")
        return urn

    def query(self):
        data = self.cleaned_data
        fields = {
            "areas": data["areas"],
            "specialisms": data["specialisms"],
            "ethos": data["ethos"],
            "sort": data["sort"] or "relevance",
        }
        if data["urn"]:
            school = School.objects.get(urn=data["urn"])
            query = FinderQuery.for_school(school, **fields)
            # What the user picks overrides what the school's record says.
            if data["phase"]:
                query.phase = data["phase"]
            if data["religious_character"]:
                query.religious_character = data["religious_character"]
            return query, school
        return FinderQuery(phase=data["phase"], religious_character=data["religious_character"], **fields), None


def finder(request):
    form = FinderForm(request.GET or None)
    page, school = None, None
    if form.is_bound and form.is_valid():
        query, school = form.query()
        page = Paginator(find_alliances(query), 20).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "alliances/finder.html", {"form": form, "page": page, "school": school, "query": params.urlencode()})

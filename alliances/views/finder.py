"""Find an alliance by what a school needs, its phase, character, ethos and distance. Distance adds
points and can sort the list, but never removes an alliance from it."""
from django.core.paginator import Paginator
from django.shortcuts import render

from alliances.finder import find_alliances, schools_to_start_from
from alliances.forms import FinderForm


def finder(request):
    own_schools = schools_to_start_from(request.user)
    data = request.GET
    if len(own_schools) == 1 and "urn" not in data:
        # A signed-in head starts from their own school; a field left empty on purpose stays empty.
        data = data.copy()
        data["urn"] = str(own_schools[0].urn)
    form = FinderForm(data or None)
    page = None
    if form.is_bound and form.is_valid():
        page = Paginator(find_alliances(form.query()), 20).get_page(request.GET.get("page"))
    params = data.copy()
    params.pop("page", None)
    context = {"form": form, "page": page, "place": form.place, "own_schools": own_schools, "query": params.urlencode()}
    return render(request, "alliances/finder.html", context)

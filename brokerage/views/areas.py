"""The Council's page for the national list of SLE areas of expertise: add, rename, retire."""
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render

from alliances.permissions import is_council_member, require
from alliances.views.refusals import carried_out
from brokerage import expertise_areas
from brokerage.forms import AreaForm
from delivery.models import ExpertiseArea

COUNCIL_ONLY = "Only the Teaching Schools Council keeps the list of areas of expertise."


@login_required
def areas(request):
    require(is_council_member(request.user), COUNCIL_ONLY)
    form = AreaForm(request.POST or None)
    if carried_out(request, form, lambda data: expertise_areas.add(request.user, **data), done=lambda area: f"“{area.name}” is added to the list."):
        return redirect("brokerage:areas")
    listed = ExpertiseArea.objects.annotate(
        sle_count=Count("specialist_leaders", distinct=True), need_count=Count("needs", distinct=True), offer_count=Count("offers", distinct=True),
    ).order_by("-active", "ofsted_focus", "name")
    return render(request, "brokerage/areas.html", {"form": form, "areas": listed})


@login_required
def edit_area(request, pk):
    require(is_council_member(request.user), COUNCIL_ONLY)
    area = get_object_or_404(ExpertiseArea, pk=pk)
    form = AreaForm(request.POST or None, with_active=True, initial={"name": area.name, "ofsted_focus": area.ofsted_focus, "active": area.active})
    if carried_out(request, form, lambda data: expertise_areas.change(request.user, area, **data), done="The area is saved."):
        return redirect("brokerage:areas")
    return render(request, "brokerage/area_form.html", {"form": form, "area": area})

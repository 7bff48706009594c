"""A school's needs and offers: the profile page with its gives-and-receives summary, and the
short forms to add and change needs and offers."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from alliances.permissions import require
from alliances.views.refusals import carried_out
from brokerage import profiles
from brokerage.forms import NeedForm, OfferForm
from brokerage.models import SchoolNeed, SchoolOffer, SpecialistLeader
from brokerage.capacity import offers_with_capacity
from brokerage.permissions import can_edit_profile, can_see_profile, may_broker_for
from registry.models import School


def _profile_url(school):
    return redirect("brokerage:profile", school.urn)


@login_required
@require_safe
def profile(request, urn):
    school = get_object_or_404(School, urn=urn)
    require(can_see_profile(request.user, school), f"{school.name}'s needs and offers are seen by its people, its alliances' leads and the Council.")
    can_edit = can_edit_profile(request.user, school)
    return render(request, "brokerage/profile.html", {
        "school": school, "summary": profiles.summary(school), "can_edit": can_edit,
        "can_find": can_edit or may_broker_for(request.user, school),
        # Matching a school's needs is for those who keep them (brokerage.runs.can_start).
        "can_match": can_edit,
        "needs": SchoolNeed.objects.filter(school=school).select_related("area"),
        "offers": offers_with_capacity(SchoolOffer.objects.filter(school=school).select_related("area", "specialist_leader__person")),
    })


def _editable_school(request, urn):
    school = get_object_or_404(School, urn=urn)
    require(can_edit_profile(request.user, school), f"Only {school.name}'s leaders and business managers change its needs and offers.")
    return school


def _school_sles(school):
    return SpecialistLeader.objects.filter(school=school, state=SpecialistLeader.State.DESIGNATED).select_related("person")


@login_required
def new_need(request, urn):
    school = _editable_school(request, urn)
    form = NeedForm(request.POST or None, initial={"phase": school.phase, "priority": "medium"})
    if carried_out(request, form, lambda data: profiles.add_need(request.user, school, **data), done="The need is added."):
        return _profile_url(school)
    return render(request, "brokerage/need_form.html", {"school": school, "form": form, "need": None})


@login_required
def edit_need(request, pk):
    need = get_object_or_404(SchoolNeed.objects.select_related("school", "area"), pk=pk)
    school = _editable_school(request, need.school.urn)
    form = NeedForm(request.POST or None, initial=NeedForm.initial_for(need), keep_area=need.area_id, with_state=True)
    if carried_out(request, form, lambda data: profiles.update_need(request.user, need, **data), done="The need is saved."):
        return _profile_url(school)
    return render(request, "brokerage/need_form.html", {"school": school, "form": form, "need": need})


@login_required
def new_offer(request, urn):
    school = _editable_school(request, urn)
    form = OfferForm(request.POST or None, sles=_school_sles(school))
    if carried_out(request, form, lambda data: profiles.add_offer(request.user, school, **data), done="The offer is added."):
        return _profile_url(school)
    return render(request, "brokerage/offer_form.html", {"school": school, "form": form, "offer": None})


@login_required
def edit_offer(request, pk):
    offer = get_object_or_404(SchoolOffer.objects.select_related("school", "area"), pk=pk)
    school = _editable_school(request, offer.school.urn)
    form = OfferForm(
        request.POST or None, initial=OfferForm.initial_for(offer), keep_area=offer.area_id, sles=_school_sles(school), with_active=True,
    )
    if carried_out(request, form, lambda data: profiles.update_offer(request.user, offer, **data), done="The offer is saved."):
        return _profile_url(school)
    return render(request, "brokerage/offer_form.html", {"school": school, "form": form, "offer": offer})

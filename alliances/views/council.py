"""The Teaching Schools Council's queue: what waits for its decision."""
from datetime import date, timedelta

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from alliances import designation as designating
from alliances.leadership import alliances_needing_leads
from alliances.models import Designation
from alliances.permissions import is_council_member, require

# Designations whose term ends within this many days are listed as coming up for review.
DUE_SOON_DAYS = 90
REVIEWS_A_PAGE = 50


def council_queue(user):
    """The Council's work, in the order it is usually taken."""
    designations = Designation.objects.select_related("school", "school__local_authority")
    return {
        "applications": designations.filter(status=Designation.Status.APPLIED).order_by("applied_on", "id"),
        "under_review": designations.filter(status=Designation.Status.UNDER_REVIEW).order_by("review_due_on", "school__name", "id"),
        "appeals": designating.open_appeals(),
        "due_soon": designations.filter(
            status=Designation.Status.DESIGNATED, review_due_on__lte=date.today() + timedelta(days=DUE_SOON_DAYS)
        ).order_by("review_due_on"),
        "alliances_needing_leads": alliances_needing_leads(),
    }


@login_required
def queue(request):
    require(is_council_member(request.user), "The queue is for members of the Teaching Schools Council.")
    work = council_queue(request.user)
    page = Paginator(work["under_review"], REVIEWS_A_PAGE).get_page(request.GET.get("page"))
    # Whether a review's cause has gone is worked out for the reviews shown, not all of them.
    reviews = [(designation, designating.cause_gone(designation)) for designation in page.object_list]
    return render(request, "alliances/council_queue.html", {**work, "page": page, "reviews": reviews, "query": ""})

"""The support team's queue: requests to act for schools and organisations with no leader on the
platform, and proposed organisations. Approving and refusing post to the views in people.py."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.affiliation_forms import DecideForm
from accounts.affiliation_requests import support_queue
from alliances.permissions import is_support, require


@login_required
def queue(request):
    require(is_support(request.user), "Only the platform's support team sees its queue.")
    return render(
        request,
        "accounts/support.html",
        {"requests": [(r, DecideForm(prefix=f"decide-{r.pk}")) for r in support_queue()]},
    )

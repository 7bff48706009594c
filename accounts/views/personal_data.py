"""Personal data: the privacy page, downloading what the platform holds about you, and deleting
your account. The work is in accounts/personal_data.py and accounts/account_deletion.py."""
import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from accounts import account_deletion, personal_data
from accounts.forms import ChangeNameForm, DeleteAccountForm
from alliances.views.refusals import carried_out


def privacy(request):
    return render(request, "accounts/privacy.html")


@never_cache  # personal data: no copy kept by a browser or proxy
@login_required
def download(request):
    held = personal_data.everything_about(request.user)
    response = HttpResponse(json.dumps(held, cls=personal_data.Encoder, indent=2), content_type="application/json")
    filename = f"teaching-school-alliances-your-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def change_name(request):
    """Correcting your name; records you signed or decided show the name as it is now."""
    form = ChangeNameForm(request.POST or None, initial={"full_name": request.user.full_name})
    if request.method == "POST" and form.is_valid():
        request.user.full_name = form.cleaned_data["full_name"].strip()
        request.user.save(update_fields=["full_name"])
        messages.success(request, "Your name is changed.")
        return redirect("accounts:account")
    return render(request, "accounts/change_name.html", {"form": form})


@never_cache
@login_required
def delete(request):
    form = DeleteAccountForm(request.user, request.POST or None)
    if carried_out(request, form, lambda data: account_deletion.delete_account(request.user, data["password"])):
        logout(request)
        return redirect("accounts:account-deleted")
    return render(
        request,
        "accounts/delete_account.html",
        {
            "form": form,
            "refusals": account_deletion.refusals(request.user),
            "affiliations": request.user.affiliations.select_related("school", "organisation").order_by("created_at"),
        },
    )


def deleted(request):
    return render(request, "accounts/account_deleted.html")

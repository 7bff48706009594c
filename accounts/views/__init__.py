from allauth.mfa.models import Authenticator
from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def account(request):
    affiliations = request.user.affiliations.select_related("school", "organisation").order_by("created_at")
    has_two_factor = Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists()
    return render(request, "accounts/account.html", {"affiliations": affiliations, "has_two_factor": has_two_factor})

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.forms import SignInForm


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    pass


@login_required
def account(request):
    affiliations = request.user.affiliations.select_related("school", "organisation").order_by("created_at")
    return render(request, "accounts/account.html", {"affiliations": affiliations})

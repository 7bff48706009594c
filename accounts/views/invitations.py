"""Following an emailed invitation's link: it says what the invitation is, and why it cannot be
accepted if it cannot (used, withdrawn, expired, for another address); the signed-in invitee
accepts. Someone not signed in is offered signing in or creating an account, then comes back."""
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render

from accounts import affiliation_invitations
from alliances.rules import RuleBroken


def accept(request, token):
    invitation = affiliation_invitations.find(token)
    signed_in = request.user.is_authenticated
    if request.method == "POST":
        if not signed_in:
            return redirect_to_login(request.get_full_path())
        if invitation is not None:
            try:
                affiliation = affiliation_invitations.accept(request.user, token)
            except RuleBroken:
                pass  # the page below lists every reason
            else:
                messages.success(request, f"You now act for {affiliation.body.name} as {affiliation.get_role_display().lower()}.")
                return redirect("accounts:your-schools")
    if invitation is None:
        problems = ["This invitation link is not right. Check you copied all of it from the email."]
    elif signed_in:
        problems = affiliation_invitations.acceptance_problems(request.user, invitation)
    else:
        problems = affiliation_invitations.acceptance_problems_for_anyone(invitation)
    status = 404 if invitation is None else 200
    return render(
        request, "accounts/accept_invitation.html",
        {"invitation": invitation, "problems": problems, "signed_in": signed_in, "next": request.get_full_path()},
        status=status,
    )

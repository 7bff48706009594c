"""A person's notices, and their choice of emails."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from notices.forms import EmailChoicesForm
from notices.models import Kind, choices_of, choose
from notices.sending import mark_done

PER_PAGE = 25
SHOWS = {"open": "Open", "done": "Done", "all": "All"}


@login_required
def notice_list(request):
    show = request.GET.get("show", "open")
    if show not in SHOWS:
        show = "open"
    notices = request.user.notices.all()
    if show == "open":
        notices = notices.filter(done_at__isnull=True)
    elif show == "done":
        notices = notices.filter(done_at__isnull=False)
    page = Paginator(notices, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "notices/list.html", {"page": page, "show": show, "show_label": SHOWS[show], "shows": SHOWS, "query": f"show={show}"}
    )


@login_required
@require_POST
def done(request, pk):
    if mark_done(request.user, pk) is None:
        raise Http404("No such notice of yours.")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = "notices:list"
    return redirect(back)


@login_required
def email_choices(request):
    if request.method == "POST":
        form = EmailChoicesForm(request.POST)
        if form.is_valid():
            choose(request.user, set(form.cleaned_data["wanted"]))
            messages.success(request, "Your email choices are saved.")
            return redirect("accounts:account")
    else:
        chosen = choices_of(request.user)
        form = EmailChoicesForm(initial={"wanted": [kind for kind in Kind.values if chosen[kind]]})
    return render(request, "notices/email_choices.html", {"form": form})

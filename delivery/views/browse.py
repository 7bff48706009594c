"""Finding a programme and booking a place on it."""
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from alliances.permissions import can_run_programme, require, schools_acting_for
from alliances.views.refusals import carried_out
from delivery import bookings, programmes
from delivery.filters import ProgrammeFilter
from delivery.forms import BookForm
from delivery.models import Booking, Programme
from registry.models import School


def programme_list(request):
    published = programmes.with_places(Programme.objects.filter(published=True).select_related("alliance"))
    found = ProgrammeFilter(request.GET, queryset=published.order_by("first_date", "title", "pk"))
    page = Paginator(found.qs if found.is_valid() else published.none(), 25).get_page(request.GET.get("page"))
    rows = [(p, programmes.places_left(p, p.sessions.all(), p.held)) for p in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "delivery/programme_list.html", {"form": found.form, "page": page, "rows": rows, "query": query.urlencode()})


def visible_programme(request, pk):
    """A published programme, or one not yet published to those who run it (404 for others)."""
    programme = get_object_or_404(Programme.objects.select_related("alliance"), pk=pk)
    if not programme.published and not can_run_programme(request.user, programme):
        raise Http404
    return programme


def _my_schools(user):
    return School.objects.open().filter(pk__in=schools_acting_for(user)).order_by("name")


def _detail(request, programme, book_form=None, status=200):
    sessions = list(programme.sessions.all())
    schools = _my_schools(request.user) if request.user.is_authenticated else School.objects.none()
    prices = [(school, programmes.pounds(programmes.price_for(programme, school))) for school in schools]
    mine = programme.bookings.filter(participant=request.user, state__in=Booking.ACTIVE).first() if request.user.is_authenticated else None
    first = sessions[0] if sessions else None
    open_for_booking = programme.published and first is not None and first.starts > timezone.now()
    if book_form is None and schools and open_for_booking and not mine:
        book_form = BookForm(schools=schools)
    context = {
        "programme": programme, "sessions": sessions, "led_by": programme.led_by.select_related("school", "organisation"),
        "places_left": programmes.places_left(programme, sessions), "capacity": programmes.capacity(programme, sessions),
        "list_price": programmes.pounds(programme.price_pence), "prices": prices, "mine": mine, "form": book_form,
        "open_for_booking": open_for_booking, "runs_it": can_run_programme(request.user, programme),
    }
    return render(request, "delivery/programme.html", context, status=status)


def programme_detail(request, pk):
    return _detail(request, visible_programme(request, pk))


@login_required
@require_POST
def book(request, pk):
    programme = visible_programme(request, pk)
    schools = _my_schools(request.user)
    require(schools.exists(), "Booking is for people who act for an open school: ask your school's leader to add you.")
    form = BookForm(request.POST, schools=schools)
    if carried_out(
        request, form, lambda data: bookings.book(request.user, programme, data["school"]),
        done=lambda booking: BOOKED[booking.state].format(title=programme.title, school=booking.school.name),
    ):
        return redirect("delivery:your-bookings")
    return _detail(request, programme, form)


BOOKED = {
    Booking.State.CONFIRMED: "Your place on {title} is confirmed.",
    Booking.State.AWAITING_APPROVAL: "You have a place on {title}, waiting for {school}'s approval.",
    Booking.State.WAITING_LIST: "{title} is full: you are on the waiting list, and will be offered the first place that frees up.",
}

from django.urls import path
from django.views.decorators.http import require_safe

from delivery.views import browse, people, running

app_name = "delivery"
urlpatterns = [
    path("programmes/", require_safe(browse.programme_list), name="programmes"),
    path("programmes/<int:pk>/", require_safe(browse.programme_detail), name="programme"),
    path("programmes/<int:pk>/book/", browse.book, name="book"),
    path("programmes/<int:pk>/edit/", running.edit_programme, name="edit-programme"),
    path("programmes/<int:pk>/sessions/", running.add_session, name="add-session"),
    path("programmes/<int:pk>/publish/", running.publish, name="publish"),
    path("programmes/<int:pk>/bookings/", running.programme_bookings, name="programme-bookings"),
    path("programmes/<int:pk>/evaluations/", running.evaluation_summary, name="evaluation-summary"),
    path("alliances/<slug:slug>/programmes/", running.alliance_programmes, name="alliance-programmes"),
    path("alliances/<slug:slug>/programmes/new/", running.new_programme, name="new-programme"),
    path("sessions/<int:pk>/remove/", running.remove_session, name="remove-session"),
    path("sessions/<int:pk>/attendance/", running.take_attendance, name="attendance"),
    path("schools/<int:urn>/bookings/", people.school_bookings, name="school-bookings"),
    path("bookings/<int:pk>/approve/", people.approve, name="approve-booking"),
    path("bookings/<int:pk>/refuse/", people.refuse, name="refuse-booking"),
    path("bookings/<int:pk>/cancel/", people.cancel, name="cancel-booking"),
    path("bookings/<int:pk>/evaluate/", people.evaluate, name="evaluate"),
    path("account/bookings/", people.your_bookings, name="your-bookings"),
]

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from delivery.models import Attendance, Booking, BookingPolicy, Evaluation, Programme, Session


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "alliance", "kind", "places", "published"]
    list_filter = ["kind", "published"]
    search_fields = ["title", "alliance__name"]
    raw_id_fields = ["alliance", "created_by"]
    filter_horizontal = ["led_by"]
    inlines = [SessionInline]


@admin.register(Booking)
class BookingAdmin(SimpleHistoryAdmin):
    list_display = ["programme", "participant", "school", "state", "requested_at"]
    list_filter = ["state"]
    raw_id_fields = ["programme", "participant", "school", "decided_by"]


admin.site.register(BookingPolicy, raw_id_fields=["school", "changed_by"])
admin.site.register(Attendance, SimpleHistoryAdmin, raw_id_fields=["booking", "session", "recorded_by"])
admin.site.register(Evaluation, raw_id_fields=["booking"])

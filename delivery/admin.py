from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from delivery.models import Attendance, Booking, BookingPolicy, Contribution, Evaluation, ExpertiseArea, Programme, Session, SupportAssignment
from delivery.models import AnnualReturn, PreparedDocument


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


@admin.register(ExpertiseArea)
class ExpertiseAreaAdmin(admin.ModelAdmin):
    """The Council's list of areas of expertise: rename, add, or mark inactive (never delete one in use)."""

    list_display = ["name", "ofsted_focus", "active"]
    list_filter = ["ofsted_focus", "active"]
    search_fields = ["name"]


@admin.register(SupportAssignment)
class SupportAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["supported_school", "alliance", "focus_area", "state", "starts_on", "ends_on"]
    list_filter = ["state"]
    raw_id_fields = ["alliance", "supported_school", "supporting_school", "supporting_organisation", "rated_by", "recorded_by"]


@admin.register(Contribution)
class ContributionAdmin(SimpleHistoryAdmin):
    """Read-only: entries change only through the ledger's rules (delivery/ledger.py)."""

    list_display = ["contributor", "alliance", "amount", "unit", "state", "recorded_at"]
    list_filter = ["state", "unit", "area"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Returns change only through their rules (delivery/returns.py); documents only by the task."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AnnualReturn)
class AnnualReturnAdmin(ReadOnlyAdmin):
    list_display = ["alliance", "academic_year", "version", "state", "prepared_at", "final_at"]
    list_filter = ["state", "academic_year"]
    exclude = ["rows", "kpis", "entry_ids"]


@admin.register(PreparedDocument)
class PreparedDocumentAdmin(ReadOnlyAdmin):
    list_display = ["kind", "alliance", "academic_year", "status", "requested_at", "finished_at"]
    list_filter = ["kind", "status"]

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from brokerage.models import SchoolNeed, SchoolOffer, SpecialistLeader


@admin.register(SpecialistLeader)
class SpecialistLeaderAdmin(SimpleHistoryAdmin):
    list_display = ["person", "school", "teaching_school", "state", "yearly_capacity_days"]
    list_filter = ["state"]
    raw_id_fields = ["person", "school", "teaching_school", "consent_by", "assessed_by", "ended_by"]
    search_fields = ["person__email", "person__full_name", "school__name"]


@admin.register(SchoolNeed)
class SchoolNeedAdmin(SimpleHistoryAdmin):
    list_display = ["school", "area", "priority", "days_wanted", "state"]
    list_filter = ["state", "priority"]
    raw_id_fields = ["school", "recorded_by"]


@admin.register(SchoolOffer)
class SchoolOfferAdmin(SimpleHistoryAdmin):
    list_display = ["school", "area", "given_by", "days_per_year", "active"]
    list_filter = ["active"]
    raw_id_fields = ["school", "specialist_leader", "recorded_by"]

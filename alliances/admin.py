from django.contrib import admin

from alliances.models import (
    Agreement,
    Alliance,
    AllianceRole,
    Designation,
    DesignationEvent,
    Memorandum,
    MembershipRequest,
    Network,
    NetworkMembership,
    NetworkResource,
)


class RoleInline(admin.TabularInline):
    model = AllianceRole
    extra = 0
    raw_id_fields = ["school", "organisation"]
    fields = ["role", "school", "organisation", "starts_on", "ends_on", "responsibilities"]


@admin.register(Alliance)
class AllianceAdmin(admin.ModelAdmin):
    list_display = ["name", "alliance_type", "created_on"]
    list_filter = ["alliance_type"]
    search_fields = ["name"]
    filter_horizontal = ["patch"]
    inlines = [RoleInline]


class EventInline(admin.TabularInline):
    model = DesignationEvent
    extra = 0
    readonly_fields = ["kind", "reason", "by", "at"]


@admin.register(Designation)
class DesignationAdmin(admin.ModelAdmin):
    list_display = ["school", "status", "applied_on", "designated_on", "review_due_on"]
    list_filter = ["status"]
    search_fields = ["school__name", "=school__urn"]
    raw_id_fields = ["school", "applied_by"]
    inlines = [EventInline]


class ResourceInline(admin.TabularInline):
    model = NetworkResource
    extra = 0


class NetworkMembershipInline(admin.TabularInline):
    model = NetworkMembership
    extra = 0
    raw_id_fields = ["alliance", "left_by"]


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "region"]
    list_filter = ["region"]
    inlines = [NetworkMembershipInline, ResourceInline]


admin.site.register(Agreement)
admin.site.register(Memorandum)
admin.site.register(MembershipRequest)

from django.contrib import admin

from registry.models import ImportRun, Inspection, Organisation, School


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "code", "region"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "code"]


class InspectionInline(admin.TabularInline):
    model = Inspection
    extra = 0
    fields = ["inspection_number", "regime", "start_date", "overall_effectiveness", "ungraded_outcome"]
    readonly_fields = fields
    can_delete = False


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "urn", "type_name", "phase", "status", "region"]
    list_filter = ["status", "phase", "region", "is_state_funded"]
    search_fields = ["name", "=urn", "postcode"]
    raw_id_fields = ["local_authority", "diocese", "trust"]
    inlines = [InspectionInline]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["file_name", "kind", "rows", "created", "updated", "closed", "unchanged", "finished_at"]
    list_filter = ["kind"]

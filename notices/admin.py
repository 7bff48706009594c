from django.contrib import admin

from notices.models import EmailChoice, Notice


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ("text", "recipient", "kind", "created_at", "done_at", "emailed_at")
    list_filter = ("kind",)
    search_fields = ("text", "recipient__email")
    raw_id_fields = ("recipient",)


@admin.register(EmailChoice)
class EmailChoiceAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "wants_email")
    raw_id_fields = ("user",)

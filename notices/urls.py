from django.urls import path
from django.views.decorators.http import require_safe

from notices import views

app_name = "notices"
urlpatterns = [
    path("notices/", require_safe(views.notice_list), name="list"),
    path("notices/<int:pk>/done/", views.done, name="done"),
    path("account/emails/", views.email_choices, name="email-choices"),
]

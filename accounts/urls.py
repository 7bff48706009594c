from django.urls import path
from django.views.decorators.http import require_safe

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("account/", require_safe(views.account), name="account"),
]

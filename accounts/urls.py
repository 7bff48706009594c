from django.urls import path
from django.views.decorators.http import require_safe

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("account/", require_safe(views.account), name="account"),
]

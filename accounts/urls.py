from django.urls import path
from django.views.decorators.http import require_safe

from accounts import views
from accounts.views import acting_for, invitations, people, personal_data, support

app_name = "accounts"
urlpatterns = [
    path("account/", require_safe(views.account), name="account"),
    # Acting for a school or organisation: asking, deciding, inviting, leaving.
    path("account/schools/", require_safe(acting_for.your_schools), name="your-schools"),
    path("act-for/", require_safe(acting_for.act_for), name="act-for"),
    path("act-for/schools/<int:urn>/", acting_for.act_for_school, name="act-for-school"),
    path("act-for/organisations/<int:pk>/", acting_for.act_for_organisation, name="act-for-organisation"),
    path("act-for/propose-organisation/", acting_for.propose_organisation, name="propose-organisation"),
    path("affiliation-requests/<int:pk>/withdraw/", acting_for.withdraw_request, name="withdraw-request"),
    path("affiliation-requests/<int:pk>/approve/", people.approve, name="approve-request"),
    path("affiliation-requests/<int:pk>/refuse/", people.refuse, name="refuse-request"),
    path("affiliations/<int:pk>/role/", people.change_role, name="change-role"),
    path("affiliations/<int:pk>/remove/", acting_for.remove, name="remove-affiliation"),
    path("schools/<int:urn>/people/", people.school_people, name="school-people"),
    path("organisations/<int:pk>/people/", people.organisation_people, name="organisation-people"),
    path("invitations/<int:pk>/withdraw/", people.withdraw_invitation, name="withdraw-invitation"),
    path("invitations/accept/<str:token>/", invitations.accept, name="accept-invitation"),
    path("support/", require_safe(support.queue), name="support"),
    # Personal data: what is kept and why, a download of it, and deleting the account.
    path("privacy/", require_safe(personal_data.privacy), name="privacy"),
    path("account/name/", personal_data.change_name, name="change-name"),
    path("account/data/", require_safe(personal_data.download), name="download-data"),
    path("account/delete/", personal_data.delete, name="delete-account"),
    path("account/deleted/", require_safe(personal_data.deleted), name="account-deleted"),
]

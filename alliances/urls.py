from django.urls import path
from django.views.decorators.http import require_safe

from alliances.views import council, designation, directory, finder, lead_removal, leads, membership, networks, setup, yours
from registry.page_cache import for_visitors

app_name = "alliances"
# Pages that only show things refuse other methods (405), so a stray POST can change nothing.
urlpatterns = [
    path("alliances/", require_safe(for_visitors(directory.directory)), name="directory"),
    path("alliances/find/", require_safe(for_visitors(finder.finder)), name="finder"),
    path("alliances/yours/", require_safe(yours.yours), name="yours"),
    path("alliances/start/", setup.start, name="start"),
    path("alliances/<slug:slug>/", require_safe(for_visitors(directory.profile)), name="alliance"),
    path("alliances/<slug:slug>/join/", membership.join, name="join"),
    path("alliances/<slug:slug>/requests/", require_safe(membership.requests), name="requests"),
    path("alliances/<slug:slug>/manage/", membership.manage, name="manage"),
    path("alliances/<slug:slug>/edit/", setup.edit, name="edit"),
    path("alliances/<slug:slug>/history/", directory.history, name="history"),
    path("roles/<int:pk>/end/", membership.end, name="end-role"),
    path("roles/<int:pk>/payment/", membership.payment, name="payment"),
    path("alliances/<slug:slug>/memorandum/", membership.memorandum, name="memorandum"),
    path("alliances/<slug:slug>/agreement/", membership.agreement, name="agreement"),
    path("requests/<int:pk>/accept/", membership.accept, name="accept"),
    path("requests/<int:pk>/decline/", membership.decline, name="decline"),
    path("successor-moves/<int:pk>/confirm/", membership.confirm_move, name="confirm-move"),
    path("teaching-schools/", require_safe(for_visitors(designation.teaching_schools)), name="teaching-schools"),
    path("teaching-schools/apply/", designation.apply, name="apply"),
    path("designations/<int:pk>/", designation.detail, name="designation"),
    path("council/", require_safe(council.queue), name="council"),
    path("alliances/<slug:slug>/leadership/", setup.settle_leadership, name="settle-leadership"),
    path("alliances/<slug:slug>/invite-lead/", leads.invite, name="invite-lead"),
    path("lead-invitations/<int:pk>/accept/", leads.accept, name="accept-lead"),
    path("lead-invitations/<int:pk>/decline/", leads.decline, name="decline-lead"),
    path("roles/<int:pk>/propose-end/", lead_removal.propose, name="propose-lead-end"),
    path("lead-end-proposals/<int:pk>/answer/", lead_removal.answer, name="answer-lead-end"),
    path("lead-end-proposals/<int:pk>/withdraw/", lead_removal.withdraw, name="withdraw-lead-end"),
    path("networks/", require_safe(for_visitors(networks.network_list)), name="networks"),
    # Before the network pages: "propose" is kept from being a network's slug (alliances.networks).
    path("networks/propose/", networks.propose, name="propose-network"),
    path("networks/<slug:slug>/", for_visitors(networks.network), name="network"),
    path("networks/<slug:slug>/invite/", networks.invite, name="network-invite"),
    path("networks/<slug:slug>/ask/", networks.ask, name="network-ask"),
    path("networks/<slug:slug>/leave/", networks.leave, name="network-leave"),
    path("network-invitations/<int:pk>/accept/", networks.accept, name="network-accept"),
    path("network-invitations/<int:pk>/decline/", networks.decline, name="network-decline"),
    path("network-invitations/<int:pk>/withdraw/", networks.withdraw, name="network-withdraw"),
    path("networks/<slug:slug>/documents/<int:pk>/", require_safe(networks.network_document), name="network-document"),
]

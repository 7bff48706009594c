"""Teaching school networks and their shared resource libraries (members only)."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render

from alliances.forms import ResourceForm
from alliances.models import Network, NetworkResource
from alliances.permissions import can_manage, can_see_members_only


def network_list(request):
    return render(request, "alliances/network_list.html", {"networks": Network.objects.prefetch_related("alliances")})


def network(request, slug):
    network = get_object_or_404(Network, slug=slug)
    alliances = list(network.alliances.order_by("name"))
    member = _is_member(request.user, alliances)
    manager = any(can_manage(request.user, alliance) for alliance in alliances)
    form = ResourceForm(request.POST or None, request.FILES or None) if manager else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            NetworkResource.objects.create(
                network=network, added_by=request.user, title=data["title"], url=data["url"] or "",
                document=data["document"] or "", document_name=data["document"].name if data["document"] else "",
                description=data["description"],
            )
            messages.success(request, f"“{form.cleaned_data['title']}” added to the library.")
            return redirect(network)
    return render(
        request,
        "alliances/network.html",
        {"network": network, "alliances": alliances, "member": member, "resources": network.resources.all() if member else [], "form": form},
    )


def _is_member(user, alliances):
    return any(can_see_members_only(user, alliance) for alliance in alliances)


def network_document(request, slug, pk):
    """A shared document, sent only to the network's own people (never from a public folder)."""
    resource = get_object_or_404(NetworkResource, pk=pk, network__slug=slug)
    if not _is_member(request.user, resource.network.alliances.all()):
        raise PermissionDenied
    if not resource.document:
        raise Http404
    return FileResponse(resource.document.open("rb"), as_attachment=True, filename=resource.document_name or resource.title)

"""Teaching school networks and their shared resource libraries (members only)."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render

from alliances.forms import ResourceForm
from alliances.models import Network, NetworkResource
from alliances.networks import add_resource, can_add_to_library, can_use_library


def network_list(request):
    return render(request, "alliances/network_list.html", {"networks": Network.objects.prefetch_related("alliances")})


def network(request, slug):
    network = get_object_or_404(Network, slug=slug)
    alliances = list(network.alliances.order_by("name"))
    member = can_use_library(request.user, network)
    form = ResourceForm(request.POST or None, request.FILES or None) if can_add_to_library(request.user, network) else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            add_resource(request.user, network, data["title"], data["url"], data["document"], data["description"])
            messages.success(request, f"“{form.cleaned_data['title']}” added to the library.")
            return redirect(network)
    return render(
        request,
        "alliances/network.html",
        {"network": network, "alliances": alliances, "member": member, "resources": network.resources.all() if member else [], "form": form},
    )


def network_document(request, slug, pk):
    """A shared document, sent only to the network's own people (never from a public folder)."""
    resource = get_object_or_404(NetworkResource, pk=pk, network__slug=slug)
    if not can_use_library(request.user, resource.network):
        raise PermissionDenied
    if not resource.document:
        raise Http404
    return FileResponse(resource.document.open("rb"), as_attachment=True, filename=resource.document_name or resource.title)

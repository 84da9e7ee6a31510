"""Invitations in the Wagtail admin, for scheme staff: the list with each one's state and a
"Send again" button, a form for one person, and a CSV for many."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from network.permissions import is_scheme_staff

from . import invites
from .forms import InviteCsvForm, InviteForm
from .models import Invitation, State


def _staff_only(request):
    if not is_scheme_staff(request.user):
        raise PermissionDenied


def index(request):
    _staff_only(request)
    invitations = Invitation.objects.select_related("school").order_by("-sent_at", "-pk")
    page = Paginator(invitations, 50).get_page(request.GET.get("p"))
    return render(request, "accounts/admin/index.html", {"page": page, "State": State})


def invite_one(request):
    _staff_only(request)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        invitation, created = invites.invite(
            data["email"], data["name"], data["role"], data["school"], request.user
        )
        if created:
            messages.success(request, f"Invitation sent to {invitation.email}.")
        else:
            messages.success(
                request, f"{invitation.email} was already invited: the invitation was sent again."
            )
        return redirect("accounts_admin:index")
    return render(request, "accounts/admin/invite.html", {"form": form})


def invite_csv(request):
    _staff_only(request)
    form = InviteCsvForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        outcome = invites.invite_from_csv(form.cleaned_data["file"].read(), request.user)
        if not outcome.errors:
            messages.success(
                request,
                f"{outcome.sent} invitation{'s' if outcome.sent != 1 else ''} sent"
                + (f", {outcome.sent_again} sent again" if outcome.sent_again else "")
                + ".",
            )
            return redirect("accounts_admin:index")
    return render(request, "accounts/admin/invite_csv.html", {"form": form, "outcome": outcome})


@require_POST
def send_again(request, pk):
    _staff_only(request)
    invitation = get_object_or_404(Invitation, pk=pk)
    if invitation.state == State.ACCEPTED:
        messages.error(request, f"{invitation.email} has already joined.")
    else:
        invites.resend(invitation)
        messages.success(request, f"Invitation sent again to {invitation.email}.")
    return redirect("accounts_admin:index")

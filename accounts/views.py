"""The pages of joining and of the second factor, in the site's own design."""

import base64
from datetime import timedelta
from urllib.parse import quote

import segno
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import invites
from .forms import CodeForm, SetPasswordForm
from .middleware import forget
from .models import State
from .second_factor import (
    APP_DEVICE,
    app_device,
    is_required,
    new_recovery_codes,
    recovery_codes_left,
)
from .second_factor import turn_off as remove_second_factor

HOME = "/admin/"
TOO_MANY = (
    "Several codes in a row did not match, so the next try must wait a little: wait a "
    "minute, then type the code your app shows then."
)
ASK_AGAIN_AFTER = timedelta(minutes=5)


def _next(request, default=HOME):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


# ------ Invitations ------


@never_cache
def accept(request, token):
    invitation = invites.find(token)
    if invitation is None or invitation.state != State.SENT:
        status = 404 if invitation is None else 200
        return render(
            request,
            "accounts/invitation_unusable.html",
            {"invitation": invitation, "token": token},
            status=status,
        )
    form = SetPasswordForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            user = invites.accept(invitation, form.cleaned_data["password"])
        except invites.InvitationUnusable:
            return redirect(request.path)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Welcome, {invitation.name}: your password is set.")
        return redirect(HOME)
    return render(request, "accounts/set_password.html", {"form": form, "invitation": invitation})


@require_POST
@never_cache
def ask_again(request, token):
    invitation = invites.find(token)
    if invitation is None or invitation.state == State.ACCEPTED:
        return render(
            request,
            "accounts/invitation_unusable.html",
            {"invitation": invitation, "token": token},
            status=404 if invitation is None else 200,
        )
    if timezone.now() - invitation.sent_at >= ASK_AGAIN_AFTER:
        invites.resend(invitation)
    return render(request, "accounts/new_link_sent.html", {"invitation": invitation})


# ------ Two-step sign-in ------


def _secret(device):
    return base64.b32encode(device.bin_key).decode().rstrip("=")


@login_required
@never_cache
def setup(request):
    user = request.user
    confirmed = app_device(user)
    if confirmed is not None:
        if not user.is_verified():
            return redirect(f"{reverse('accounts:verify')}?next={quote(_next(request))}")
        return render(
            request,
            "accounts/two_step_on.html",
            {
                "device": confirmed,
                "codes_left": recovery_codes_left(user),
                "can_turn_off": not is_required(user),
            },
        )
    device = app_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE, confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            form.add_error("code", TOO_MANY)
        elif device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            otp_login(request, device)
            forget(request)
            codes = new_recovery_codes(user)
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": _next(request), "first_time": True},
            )
        else:
            form.add_error(
                "code",
                "That code did not match. Type the six digits your app shows now "
                "(they change every 30 seconds), and check your phone's clock is right.",
            )
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/two_step_setup.html",
        {
            "form": form,
            "secret": _secret(device),
            "qr": qr.svg_inline(scale=5, title="QR code for your authenticator app"),
            "required": is_required(user),
            "next": _next(request),
        },
    )


@login_required
@never_cache
def verify(request):
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"])
        app = app_device(request.user)
        if device is None and app is not None and not app.verify_is_allowed()[0]:
            form.add_error("code", TOO_MANY)
        elif device is not None:
            otp_login(request, device)
            forget(request)
            if device.name != APP_DEVICE:
                left = recovery_codes_left(request.user)
                messages.warning(
                    request,
                    f"You signed in with a recovery code; {left} left. Each works once: "
                    "make new ones from “Two-step sign-in” in your account.",
                )
            return redirect(_next(request))
        else:
            form.add_error(
                "code",
                "That code did not work. Type the six digits your app shows now, or one of "
                "your recovery codes.",
            )
    return render(request, "accounts/two_step_verify.html", {"form": form, "next": _next(request)})


@login_required
@require_POST
@never_cache
def recovery_codes(request):
    if not request.user.is_verified():
        return redirect("accounts:verify")
    codes = new_recovery_codes(request.user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": HOME})


@login_required
@require_POST
def turn_off(request):
    if not request.user.is_verified() or is_required(request.user):
        messages.error(request, "Scheme staff and assessors must keep two-step sign-in on.")
        return redirect("accounts:setup")
    remove_second_factor(request.user)
    forget(request)
    messages.success(request, "Two-step sign-in is off: you sign in with your password alone.")
    return redirect(HOME)

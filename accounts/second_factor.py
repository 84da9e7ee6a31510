"""Signing in with a second factor: a code from an authenticator app (TOTP, django-otp),
or one of ten recovery codes kept when the app was set up.

Scheme staff and assessors read every assigned school's private updates: they must use it.
Anyone else (a school's editors) may turn it on, and then it is asked of them too.
"""

from django.conf import settings
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from network.permissions import ASSESSORS, is_scheme_staff

RECOVERY_CODES = 10
RECOVERY_DEVICE = "Recovery codes"
APP_DEVICE = "Authenticator app"


def is_required(user):
    """Scheme staff and assessors must use it (unless settings make it optional everywhere:
    ACCOUNTS_SECOND_FACTOR_REQUIRED, on by default; the test settings turn it off for the
    journeys that sign staff in directly, and its own tests turn it back on)."""
    if not user.is_authenticated:
        return False
    if not getattr(settings, "ACCOUNTS_SECOND_FACTOR_REQUIRED", True):
        return False
    return (
        is_scheme_staff(user)
        or user.groups.filter(name=ASSESSORS).exists()
        or user.assessor_assignments.exists()
    )


def app_device(user, confirmed=True):
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("pk").first()


def is_set_up(user):
    return user.is_authenticated and TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def new_recovery_codes(user):
    """Ten new single-use codes; any earlier ones stop working."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_DEVICE)
    device.confirmed = True
    device.save()
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY_DEVICE).count()


def turn_off(user):
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE).delete()

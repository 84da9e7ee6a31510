"""Sign-in limits and the Content Security Policy: the two security layers that need code.

The rest of the hardening (secure cookies, HSTS, SSL redirect) is plain settings in
cms/settings/production.py and is checked by `manage.py check --deploy`.
"""

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.shortcuts import render


class SignInAttemptsBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for sign-ins that come with a request.

    Every sign-in form on the site (Wagtail's /admin/login/, password reset) passes the
    request, so every one of them is counted and locked out per username and address. An
    authentication without a request (Django's test client `login()`, a shell session) has no
    address to count against: axes would raise, so it is let through to ModelBackend instead.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_address(request):
    """The address sign-in attempts are counted against.

    REMOTE_ADDR unless TRUSTED_PROXY_COUNT proxies stand in front of gunicorn: then the
    entry those proxies appended to X-Forwarded-For (counted from the right, so a client
    cannot choose its own address by sending the header itself).
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) >= proxies:
        return forwarded[-proxies]
    return remote


def lockout_response(request, original_response=None, credentials=None):
    """The page shown to a locked-out sign-in: why, and for how many minutes (status 429)."""
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "username": get_client_username(request, credentials) or "",
        "cooloff_minutes": round(cool_off.total_seconds() / 60) if cool_off else None,
    }
    return render(request, "axes/lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp with one policy for public pages and another for the Wagtail admin.

    Public pages get CONTENT_SECURITY_POLICY (no inline code without a nonce). Wagtail's
    admin renders inline scripts and styles in its widgets and panels, so paths under
    /admin/ get ADMIN_CONTENT_SECURITY_POLICY, which allows inline code from our own pages
    but still no other origin. Both are enforced, not report-only.
    """

    admin_prefix = "/admin/"

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(self.admin_prefix)
        ):
            # The admin policy has no nonce: a nonce would make browsers ignore
            # 'unsafe-inline', which the admin needs.
            return PolicyParts(
                config=settings.ADMIN_CONTENT_SECURITY_POLICY,
                update=parts.update,
                replace=parts.replace,
                nonce=None,
            )
        return parts

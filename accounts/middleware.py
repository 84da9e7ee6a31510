"""Until a signed-in person who needs a second factor has given it, they reach nothing but
the pages to set it up or give it (and signing out): not the admin, not a private update.

Who needs it is worked out at sign-in and again every few minutes, not on every request: a
person with nothing to give (an editor who has not turned it on) costs no query meanwhile.
"""

import time
from urllib.parse import quote

from django.shortcuts import redirect
from django.urls import reverse

from .second_factor import is_required, is_set_up

OPEN_PREFIXES = ("/account/two-step/", "/admin/logout/", "/static/", "/favicon")
SESSION_KEY = "accounts.second_factor"
RECHECK_SECONDS = 300


def forget(request):
    """After a change to the person's devices: ask again on the next request."""
    request.session.pop(SESSION_KEY, None)


def _work_out(request, user):
    if is_set_up(user):
        needed = "verify"
    elif is_required(user):
        needed = "setup"
    else:
        needed = ""
    request.session[SESSION_KEY] = [user.pk, time.time(), needed]
    return needed


def remember_at_sign_in(sender, request, user, **kwargs):
    """Worked out as the person signs in (a request that writes the session anyway), so the
    requests after it cost nothing."""
    if request is not None and hasattr(request, "session"):
        _work_out(request, user)


def _needed(request, user):
    """'verify', 'setup' or '' (nothing is asked of this person)."""
    remembered = request.session.get(SESSION_KEY)
    if remembered and remembered[0] == user.pk and time.time() - remembered[1] < RECHECK_SECONDS:
        return remembered[2]
    return _work_out(request, user)


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(OPEN_PREFIXES)
        ):
            needed = _needed(request, user)
            if needed:
                name = "accounts:verify" if needed == "verify" else "accounts:setup"
                return redirect(f"{reverse(name)}?next={quote(request.get_full_path())}")
        return self.get_response(request)

"""Sending invitations (one, or a CSV of them), sending them again, and accepting one."""

import csv
import hashlib
import io
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from network.models import AssessorAssignment, SchoolPage
from network.permissions import ASSESSORS, ensure_school_editors_group

from .models import Invitation, Role, State

VALID_DAYS = 14


def valid_for():
    return timedelta(days=getattr(settings, "INVITATION_VALID_DAYS", VALID_DAYS))


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def find(token):
    """The invitation a link's token belongs to, or None."""
    if not token or len(token) > 100:
        return None
    return Invitation.objects.select_related("school").filter(token_hash=hash_token(token)).first()


def _new_token(invitation):
    token = secrets.token_urlsafe(32)
    invitation.token_hash = hash_token(token)
    return token


def _link(token):
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return base + reverse("accounts:accept", args=[token])


def _send(invitation, token):
    context = {
        "invitation": invitation,
        "link": _link(token),
        "site_name": settings.WAGTAIL_SITE_NAME,
        "inviter": invitation.invited_by.get_full_name() if invitation.invited_by else "",
    }
    subject = f"You are invited to {invitation.what_for} on the {settings.WAGTAIL_SITE_NAME}"
    body = render_to_string("accounts/email/invitation.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])


@transaction.atomic
def invite(email, name, role, school=None, invited_by=None):
    """Invite someone; an invitation still waiting for the same person and role is sent again
    instead of a second one. Returns (invitation, created)."""
    email = email.strip()
    waiting = (
        Invitation.objects.filter(
            email__iexact=email, role=role, school=school, accepted_at__isnull=True
        )
        .order_by("-pk")
        .first()
    )
    if waiting is not None:
        return resend(waiting), False
    invitation = Invitation(
        email=email,
        name=name.strip(),
        role=role,
        school=school,
        invited_by=invited_by if invited_by and invited_by.is_authenticated else None,
        expires_at=timezone.now() + valid_for(),
    )
    token = _new_token(invitation)
    invitation.save()
    _send(invitation, token)
    return invitation, True


@transaction.atomic
def resend(invitation):
    """A new link (the old one stops working) and a new expiry date."""
    if invitation.accepted_at:
        raise ValueError("This invitation has been accepted already.")
    token = _new_token(invitation)
    now = timezone.now()
    invitation.sent_at = now
    invitation.expires_at = now + valid_for()
    invitation.times_sent += 1
    invitation.save(update_fields=["token_hash", "sent_at", "expires_at", "times_sent"])
    _send(invitation, token)
    return invitation


class InvitationUnusable(Exception):
    pass


@transaction.atomic
def accept(invitation, password):
    """Make (or find) the person's account with their password and role; once only."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.state != State.SENT:
        raise InvitationUnusable(invitation.state)
    User = get_user_model()
    user = User.objects.filter(email__iexact=invitation.email).order_by("pk").first()
    if user is None:
        first, _, last = invitation.name.partition(" ")
        user = User(
            username=invitation.email.lower()[:150],
            email=invitation.email,
            first_name=first[:150],
            last_name=last[:150],
        )
    user.is_active = True
    user.set_password(password)
    user.save()
    if invitation.role == Role.EDITOR and invitation.school is not None:
        user.groups.add(ensure_school_editors_group(invitation.school))
    if invitation.role == Role.ASSESSOR:
        user.groups.add(Group.objects.get_or_create(name=ASSESSORS)[0])
        if invitation.school is not None:
            AssessorAssignment.objects.get_or_create(school=invitation.school, assessor=user)
    invitation.accepted_at = timezone.now()
    invitation.user = user
    invitation.save(update_fields=["accepted_at", "user"])
    return user


# ------ A CSV of invitations ------

ROLE_WORDS = {
    "editor": Role.EDITOR,
    "school editor": Role.EDITOR,
    "editors": Role.EDITOR,
    "assessor": Role.ASSESSOR,
    "assessors": Role.ASSESSOR,
}
COLUMNS = {
    "email": ("email", "email address", "e-mail", "e-mail address"),
    "name": ("name", "full name", "person"),
    "role": ("role", "as"),
    "urn": ("urn", "school urn", "school"),
}


@dataclass
class CsvOutcome:
    rows: list = field(default_factory=list)  # (email, name, role, school)
    errors: list = field(default_factory=list)  # (line, message)
    sent: int = 0
    sent_again: int = 0


def _decode(data):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def read_csv(data):
    """Check every line; `errors` names each bad one by its line number."""
    outcome = CsvOutcome()
    text = _decode(data) if isinstance(data, bytes) else data
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header:
        outcome.errors.append((1, "The file is empty."))
        return outcome
    titles = [cell.strip().lower() for cell in header]
    where = {}
    for key, names in COLUMNS.items():
        for index, title in enumerate(titles):
            if title in names:
                where[key] = index
                break
    missing = [key for key in ("email", "name", "role") if key not in where]
    if missing:
        outcome.errors.append(
            (
                1,
                "The first line must name the columns: email, name, role and school URN "
                f"(missing: {', '.join(missing)}).",
            )
        )
        return outcome
    seen = {}
    wanted = []
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(key, row=row):
            index = where.get(key)
            return row[index].strip() if index is not None and index < len(row) else ""

        email, name, role_word, urn = cell("email"), cell("name"), cell("role"), cell("urn")
        problems = []
        try:
            validate_email(email)
        except ValidationError:
            problems.append(f"“{email}” is not an email address" if email else "no email address")
        if not name:
            problems.append("no name")
        role = ROLE_WORDS.get(role_word.lower())
        if role is None:
            problems.append(f"the role must be “editor” or “assessor”, not “{role_word}”")
        if role == Role.EDITOR and not urn:
            problems.append("an editor needs the URN of their school")
        if urn and not (urn.isdigit() and len(urn) == 6):
            problems.append(f"“{urn}” is not a URN (six digits)")
        key = (email.lower(), role, urn)
        if not problems and key in seen:
            problems.append(f"the same person and role as line {seen[key]}")
        seen.setdefault(key, line)
        if problems:
            outcome.errors.append((line, "; ".join(problems) + "."))
        else:
            wanted.append((line, email, name, role, urn))
    schools = {
        school.urn: school
        for school in SchoolPage.objects.filter(urn__in={w[4] for w in wanted if w[4]})
    }
    for line, email, name, role, urn in wanted:
        if urn and urn not in schools:
            outcome.errors.append((line, f"No school on the network has the URN {urn}."))
            continue
        outcome.rows.append((email, name, role, schools.get(urn)))
    outcome.errors.sort()
    if not outcome.rows and not outcome.errors:
        outcome.errors.append((2, "There is no one to invite in this file."))
    return outcome


def invite_from_csv(data, invited_by=None):
    """All or nothing: with any bad line, nobody is invited and each bad line is named."""
    outcome = read_csv(data)
    if outcome.errors:
        return outcome
    with transaction.atomic():
        for email, name, role, school in outcome.rows:
            _, created = invite(email, name, role, school, invited_by)
            if created:
                outcome.sent += 1
            else:
                outcome.sent_again += 1
    return outcome

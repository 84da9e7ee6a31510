"""Demo users, one for each role, all with the same well-known password.

They exist so that someone trying the site can see it as each kind of user sees it; the
password is printed by `manage.py demo_logins`, so never seed a production database.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Count

from network.models import AssessorAssignment, SchoolMember
from network.permissions import ASSESSORS, SCHEME_STAFF

DEMO_PASSWORD = "network-demo-2026"  # noqa: S105 (printed for anyone trying the demo)
ASSESSED_SCHOOLS = 6


@dataclass(frozen=True)
class DemoUser:
    key: str
    username: str
    first_name: str
    last_name: str
    role: str


DEMO_USERS = [
    DemoUser("admin", "demo-admin", "Alex", "Admin", "site administrator (superuser)"),
    DemoUser("staff", "demo-staff", "Sam", "Staff", "scheme staff: moderates everything"),
    DemoUser("assessor", "demo-assessor", "Asha", "Assessor", "assessor of several schools"),
    DemoUser("editor", "demo-editor", "Eddie", "Editor", "editor of one school"),
    DemoUser("two_schools", "demo-editor-two", "Toni", "Twice", "editor of two schools"),
    DemoUser("member", "demo-member", "Morgan", "Member", "member at one school: reads only"),
    # The other schemes' cycles (demo/cycles.py gives them their schools).
    DemoUser("consultant", "demo-consultant", "Chris", "Consultant", "VbE consultant"),
    DemoUser("artsmark", "demo-artsmark", "Ari", "Arts", "editor of an Artsmark school"),
    DemoUser("vbe_staff", "demo-vbe-staff", "Val", "Values", "VbE's own staff: VbE only"),
]


def seed(context):
    leading = [
        school
        for school in context.schools
        if context.school_tracks.get(school.urn) in ("flagship", "coe", "coe_due")
    ]
    if len(leading) < 3:
        leading = list(context.schools)
    made = 0
    for spec in DEMO_USERS:
        user, created = ensure_user(spec)
        context.users[spec.key] = user
        made += created
    users = context.users
    users["admin"].is_superuser = users["admin"].is_staff = True
    users["admin"].save(update_fields=["is_superuser", "is_staff"])
    users["staff"].groups.add(Group.objects.get(name=SCHEME_STAFF))
    users["assessor"].groups.add(Group.objects.get(name=ASSESSORS))
    for school in leading[:ASSESSED_SCHOOLS]:
        AssessorAssignment.objects.get_or_create(school=school, assessor=users["assessor"])
    users["editor"].groups.add(leading[0].editors_group)
    users["two_schools"].groups.add(*(school.editors_group for school in leading[1:3]))
    SchoolMember.objects.get_or_create(school=member_school(context), user=users["member"])
    context.report("demo users added", made)


def member_school(context):
    """The demo member's school: one in the most clusters, so their page has clusters too."""
    from network.models import SchoolPage

    return (
        SchoolPage.objects.filter(pk__in=[school.pk for school in context.schools])
        .annotate(cluster_count=Count("clusters"))
        .order_by("-cluster_count", "urn")
        .first()
    )


def ensure_user(spec):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=spec.username,
        defaults={
            "first_name": spec.first_name,
            "last_name": spec.last_name,
            "email": f"{spec.username}@example.org",
        },
    )
    if created or not user.has_usable_password():
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user, created


def describe(user):
    """What the user can reach, in a few words, from what the database says now."""
    from network.models import SchoolPage

    schools = list(SchoolPage.objects.filter(editors_group__user=user).order_by("title"))
    assessed = AssessorAssignment.objects.filter(assessor=user).values("school_id").distinct()
    assessed = assessed.count()
    staffed = list(
        user.groups.filter(staffed_schemes__isnull=False).values_list(
            "staffed_schemes__short_name", flat=True
        )
    )
    member_of = list(SchoolPage.objects.filter(school_members__user=user).order_by("title"))
    details = []
    if schools:
        details.append("edits " + " and ".join(school.title for school in schools))
    if member_of:
        details.append("reads as a member of " + " and ".join(s.title for s in member_of))
    if assessed:
        details.append(f"assesses {assessed} school{'s' if assessed != 1 else ''}")
    if staffed:
        details.append("runs " + " and ".join(staffed) + " only")
    return "; ".join(details)

"""What scheme staff may do for curation beyond page permissions: collections and promotions."""

from django.contrib.auth.models import Group, Permission

from network.permissions import SCHEME_STAFF

CURATION_PERMISSIONS = {
    "practice": ["practicecollection", "practicecollectionitem"],
    "wagtailsearchpromotions": ["searchpromotion"],
}


def grant_curation_to_staff():
    staff = Group.objects.filter(name=SCHEME_STAFF).first()
    if staff is None:
        return
    for app_label, models in CURATION_PERMISSIONS.items():
        staff.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label, content_type__model__in=models
            )
        )

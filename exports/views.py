"""The admin's download of a school's export, for its editors, scheme staff and superusers."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.defaults import permission_denied

from network.models import SchoolPage
from network.permissions import SCHEME_STAFF

from .export import export_bytes, export_filename


def can_export(user, school):
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    groups = set(user.groups.values_list("name", "pk"))
    return any(name == SCHEME_STAFF or pk == school.editors_group_id for name, pk in groups)


def school_export(request, school_id):
    school = get_object_or_404(SchoolPage, pk=school_id)
    if not can_export(request.user, school):
        # A 403, not Wagtail's redirect to the dashboard: the link is only shown to those
        # who may follow it, so anyone else who arrives here should be told plainly.
        return permission_denied(request, PermissionError("You may not export this school."))
    response = HttpResponse(export_bytes(school), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{export_filename(school)}"'
    return response

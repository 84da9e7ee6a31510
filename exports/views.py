"""The admin's download of a school's export, for its editors, scheme staff and superusers."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.defaults import permission_denied

from network.models import SchoolPage
from network.permissions import is_editor_of, is_scheme_staff

from .export import export_bytes, export_filename


def can_export(user, school):
    """The school's editors, scheme staff and superusers."""
    return is_scheme_staff(user) or is_editor_of(user, school)


def school_export(request, school_id):
    school = get_object_or_404(SchoolPage, pk=school_id)
    if not can_export(request.user, school):
        # A 403, not Wagtail's redirect to the dashboard: the link is only shown to those
        # who may follow it, so anyone else who arrives here should be told plainly.
        return permission_denied(request, PermissionError("You may not export this school."))
    response = HttpResponse(export_bytes(school), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{export_filename(school)}"'
    return response

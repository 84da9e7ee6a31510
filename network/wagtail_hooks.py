"""The network's data in the Wagtail admin, for scheme staff; a school's own awards page,
certificates and staff named on the profile are in award_hooks."""

from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import award_hooks  # noqa: F401 (registers its hooks)
from .models import AssessorAssignment, Award, FrameworkVersion, Scheme, SchoolMember


class SchemeViewSet(SnippetViewSet):
    model = Scheme
    icon = "tag"
    menu_label = "Schemes"
    list_display = ["name", "short_name", "update_framework", "is_default"]
    search_fields = ["name", "short_name"]


class FrameworkVersionViewSet(SnippetViewSet):
    model = FrameworkVersion
    icon = "list-ol"
    menu_label = "Frameworks"
    list_display = ["name", "scheme", "introduced_on"]
    list_filter = ["scheme"]
    search_fields = ["name"]


class AwardFilterSet(WagtailFilterSet):
    class Meta:
        model = Award
        fields = ["level", "level__scheme"]


class AwardViewSet(SnippetViewSet):
    model = Award
    icon = "success"
    menu_label = "Awards"
    list_display = ["school", "level", "holder_name", "awarded_on", "valid_until", "status_label"]
    list_export = [
        "school",
        "level",
        "holder_name",
        "holder_consents",
        "awarded_on",
        "valid_until",
        "status_label",
    ]
    filterset_class = AwardFilterSet
    search_fields = ["school__title", "school__urn", "holder_name"]
    ordering = ["-awarded_on"]


class AssessorAssignmentViewSet(SnippetViewSet):
    model = AssessorAssignment
    icon = "user"
    menu_label = "Assessors"
    list_display = ["assessor", "school", "assigned_on"]
    search_fields = ["school__title", "assessor__username", "assessor__last_name"]


class SchoolMemberViewSet(SnippetViewSet):
    model = SchoolMember
    icon = "group"
    menu_label = "School members"
    list_display = ["user", "school", "added_on"]
    search_fields = ["school__title", "user__username", "user__last_name"]


class NetworkViewSetGroup(SnippetViewSetGroup):
    items = (
        SchemeViewSet,
        FrameworkVersionViewSet,
        AwardViewSet,
        AssessorAssignmentViewSet,
        SchoolMemberViewSet,
    )
    menu_icon = "site"
    menu_label = "Network"
    menu_name = "network"


register_snippet(NetworkViewSetGroup)

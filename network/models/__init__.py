from .clusters import (
    ActivityKind,
    ClusterActivityAttendance,
    ClusterActivityDocument,
    ClusterActivityPage,
    ClusterIndexPage,
    ClusterKind,
    ClusterPage,
)
from .context import ResourcedProvision, SenNeed
from .directory import SchoolIndexPage
from .processes import (
    Actor,
    Effect,
    Holder,
    Process,
    ProcessOutcome,
    ProcessStage,
    ReportSection,
    Writing,
)
from .roles import AssessorAssignment, SchoolMember
from .schemes import AwardKind, AwardLevel, Element, FrameworkVersion, Scheme
from .schools import (
    Award,
    AwardStatus,
    Phase,
    Provision,
    Region,
    SchoolPage,
)

__all__ = [
    "Actor",
    "Effect",
    "Holder",
    "Process",
    "ProcessOutcome",
    "ProcessStage",
    "ReportSection",
    "Writing",
    "ActivityKind",
    "AssessorAssignment",
    "Award",
    "AwardKind",
    "AwardLevel",
    "AwardStatus",
    "ClusterActivityAttendance",
    "ClusterActivityDocument",
    "ClusterActivityPage",
    "ClusterIndexPage",
    "ClusterKind",
    "ClusterPage",
    "Element",
    "FrameworkVersion",
    "Phase",
    "Provision",
    "Region",
    "ResourcedProvision",
    "Scheme",
    "SchoolIndexPage",
    "SchoolMember",
    "SchoolPage",
    "SenNeed",
]

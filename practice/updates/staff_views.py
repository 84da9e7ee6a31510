"""Scheme staff's views of the year: the dashboard (with exports) and element coverage."""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone

from network.models import AssessorAssignment, ClusterPage, Element, Process, Region
from network.permissions import runs_a_scheme, staffed_schemes
from practice.models import AnnualUpdatePage, ElementProgress, RatingScale, UpdateStatus

from .dashboard import academic_years, dashboard_rows, filter_rows, status_counts
from .export import csv_response, xlsx_response


def _staff_only(request):
    """The network's scheme staff, or a scheme's own staff (who see only their scheme)."""
    if not runs_a_scheme(request.user):
        raise PermissionDenied


def _chosen_year(request, years):
    year = request.GET.get("year", "")
    return year if year in years else (years[0] if years else "")


def dashboard(request):
    _staff_only(request)
    years = academic_years()
    year = _chosen_year(request, years)
    filters = {
        name: request.GET.get(name, "")
        for name in ("region", "cluster", "assessor", "status", "cycle")
    }
    today = timezone.localdate()
    schemes = staffed_schemes(request.user)
    rows = dashboard_rows(year, today, schemes) if year else []
    without_status = filter_rows(rows, **{**filters, "status": ""})
    shown = filter_rows(rows, **filters)
    export = request.GET.get("export")
    if export == "csv":
        return csv_response(shown, year)
    if export == "xlsx":
        return xlsx_response(shown, year)
    assessor_ids = AssessorAssignment.objects.values("assessor_id")
    return render(
        request,
        "practice/updates/dashboard.html",
        {
            "years": years,
            "year": year,
            "rows": shown,
            "counts": status_counts(without_status),
            "total": len(without_status),
            "filters": filters,
            "regions": Region.choices,
            "clusters": ClusterPage.objects.order_by("title").only("pk", "title"),
            "assessors": get_user_model().objects.filter(pk__in=assessor_ids).order_by("last_name"),
            "statuses": UpdateStatus.choices,
            "cycles": Process.objects.select_related("scheme").filter(
                **({} if schemes is None else {"scheme_id__in": schemes})
            ),
            "query": request.GET.urlencode(),
            "today": today,
        },
    )


def coverage(request):
    """Per element, how many schools placed themselves at each level of the scale."""
    _staff_only(request)
    years = academic_years()
    year = _chosen_year(request, years)
    counts = defaultdict(dict)
    # A scheme's own staff see their scheme's ratings only (with few schools, a count is a
    # school's own rating).
    schemes = staffed_schemes(request.user)
    in_year = AnnualUpdatePage.objects.filter(academic_year=year)
    if schemes is not None:
        in_year = in_year.filter(process__scheme_id__in=schemes)
    for row in (
        ElementProgress.objects.filter(update__in=in_year, self_rating__isnull=False)
        .values("element_id", "self_rating")
        .annotate(schools=Count("update__school_id", distinct=True))
    ):
        counts[row["element_id"]][row["self_rating"]] = row["schools"]
    framework_ids = in_year.values("framework_id").distinct()
    elements = Element.objects.filter(framework_id__in=framework_ids).select_related(
        "framework__scheme"
    )
    scales = {
        scale.scheme_id: scale
        for scale in RatingScale.objects.filter(
            scheme_id__in={element.framework.scheme_id for element in elements}
        )
    }
    frameworks = {}
    for element in elements.order_by("framework_id", "number"):
        framework = element.framework
        scale = scales.get(framework.scheme_id) or RatingScale.for_scheme(framework.scheme)
        scales[framework.scheme_id] = scale
        entry = frameworks.setdefault(
            framework.pk, {"framework": framework, "labels": scale.labels, "rows": []}
        )
        per_level = [counts[element.pk].get(level, 0) for level in range(1, 5)]
        total = sum(per_level)
        entry["rows"].append(
            {
                "element": element,
                "total": total,
                "cells": [
                    {
                        "label": label,
                        "count": count,
                        "percent": round(100 * count / total) if total else 0,
                    }
                    for label, count in zip(scale.labels, per_level, strict=True)
                ],
            }
        )
    return render(
        request,
        "practice/updates/coverage.html",
        {"years": years, "year": year, "frameworks": list(frameworks.values())},
    )

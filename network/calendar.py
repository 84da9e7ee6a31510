"""Cluster activities as an iCalendar feed that calendar apps subscribe to."""

import datetime

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import strip_tags
from icalendar import Calendar, Event


def build_calendar(request, activities, name):
    calendar = Calendar()
    calendar.add("prodid", "-//Centres of Excellence network//Cluster activities//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    host = request.get_host()
    stamp = timezone.now()
    tz = timezone.get_default_timezone()
    for activity in activities.order_by("date", "start_time", "pk"):
        event = Event()
        event.add("uid", f"cluster-activity-{activity.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("summary", activity.title)
        if activity.start_time:
            start = datetime.datetime.combine(activity.date, activity.start_time, tzinfo=tz)
            event.add("dtstart", start)
            if activity.end_time:
                end = datetime.datetime.combine(activity.date, activity.end_time, tzinfo=tz)
                event.add("dtend", end)
        else:
            event.add("dtstart", activity.date)
            event.add("dtend", activity.date + datetime.timedelta(days=1))
        if activity.location:
            event.add("location", activity.location)
        description = strip_tags(activity.purpose or "").strip()
        if description:
            event.add("description", description)
        event.add("categories", [activity.get_kind_display()])
        event.add("url", request.build_absolute_uri(activity.get_url(request)))
        calendar.add_component(event)
    return calendar


def calendar_response(request, activities, name, filename):
    calendar = build_calendar(request, activities, name)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    return response

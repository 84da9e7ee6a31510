"""The school directory: its page, a filter form and the one queryset the listing is built from."""

from django import forms
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Prefetch, Q
from django.http import JsonResponse
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from .context import FSM_BANDS, SIZE_BANDS, SenNeed, band_choices, band_range
from .schemes import AwardLevel, Scheme
from .schools import Award, Phase, Provision, Region, SchoolPage

PER_PAGE = 24
# The map shows at most this many schools; the list beside it pages through all of them.
MAP_LIMIT = 5000
MAP_MAX_AGE = 300  # seconds a browser may keep the map's points


def _used_values(field, anything):
    """Choices of the values live schools use in `field`, after "anything"."""
    values = (
        SchoolPage.objects.live()
        .exclude(**{field: ""})
        .order_by(field)
        .values_list(field, flat=True)
        .distinct()
    )
    return [("", anything)] + [(value, value) for value in values]


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label="School name or URN", required=False, max_length=200, strip=True)
    phase = forms.MultipleChoiceField(
        choices=Phase.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    region = forms.MultipleChoiceField(
        choices=Region.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    provision = forms.MultipleChoiceField(
        label="Kind of school",
        choices=Provision.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    need = forms.MultipleChoiceField(
        label="Special provision for",
        choices=SenNeed.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    resourced = forms.BooleanField(label="Has a resourced provision or SEN unit", required=False)
    size = forms.MultipleChoiceField(
        label="Pupils on roll",
        choices=band_choices(SIZE_BANDS),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    fsm = forms.MultipleChoiceField(
        label="Free school meals",
        choices=band_choices(FSM_BANDS),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    type_group = forms.ChoiceField(label="Establishment group", required=False)
    local_authority = forms.ChoiceField(label="Local authority", required=False)
    scheme = forms.ChoiceField(label="Scheme", required=False)
    award_level = forms.ChoiceField(label="Award level", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["local_authority"].choices = _used_values(
            "local_authority", "Any local authority"
        )
        self.fields["type_group"].choices = _used_values(
            "establishment_type_group", "Any establishment group"
        )
        self.fields["scheme"].choices = [("", "Any scheme")] + [
            (scheme.short_name, scheme.name) for scheme in Scheme.objects.order_by("name")
        ]
        # A school's own levels: a member of staff's award never makes the school's mark.
        levels = (
            AwardLevel.objects.filter(for_a_person=False)
            .select_related("scheme")
            .order_by("scheme__short_name", "sort_order")
        )
        self.fields["award_level"].choices = [("", "Any award level")] + [
            (str(level.pk), f"{level.scheme.short_name}: {level.name}") for level in levels
        ]


class SchoolDirectory:
    """Filters, counts and one page of schools, with everything a card shows prefetched."""

    def __init__(self, data, index_page=None):
        self.form = DirectoryFilterForm(data or None)
        self.index_page = index_page
        self.data = data
        self.is_filtered = False

    def schools(self):
        schools = SchoolPage.objects.live().public()
        if self.index_page is not None:
            schools = schools.child_of(self.index_page)
        if self.form.is_bound and self.form.is_valid():
            schools = self._filter(schools, self.form.cleaned_data)
        today = timezone.localdate()
        awards = Award.objects.in_force(today).of_schools().select_related("level__scheme")
        return schools.order_by("title").prefetch_related(Prefetch("awards", queryset=awards))

    def _filter(self, schools, data):
        if data["q"]:
            term = data["q"]
            condition = Q(title__icontains=term)
            if term.isdigit():
                condition |= Q(urn=term)
            schools = schools.filter(condition)
            self.is_filtered = True
        if data["phase"]:
            schools = schools.filter(phase__in=data["phase"])
            self.is_filtered = True
        if data["region"]:
            schools = schools.filter(region__in=data["region"])
            self.is_filtered = True
        if data["local_authority"]:
            schools = schools.filter(local_authority=data["local_authority"])
            self.is_filtered = True
        if data["provision"]:
            schools = schools.filter(provision__in=data["provision"])
            self.is_filtered = True
        if data["need"]:
            # Any of the needs chosen (stored ",asd,semh,": network/models/context.py).
            condition = Q()
            for need in data["need"]:
                condition |= Q(sen_needs__contains=f",{need},")
            schools = schools.filter(condition)
            self.is_filtered = True
        if data["resourced"]:
            schools = schools.exclude(resourced_provision="")
            self.is_filtered = True
        for name, field, bands in (
            ("size", "number_on_roll", SIZE_BANDS),
            ("fsm", "percentage_fsm", FSM_BANDS),
        ):
            if data[name]:
                condition = Q()
                for band in data[name]:
                    low, high = band_range(bands, band)
                    within = Q(**{f"{field}__gte": low})
                    if high is not None:
                        within &= Q(**{f"{field}__lt": high})
                    condition |= within
                schools = schools.filter(condition)
                self.is_filtered = True
        if data["type_group"]:
            schools = schools.filter(establishment_type_group=data["type_group"])
            self.is_filtered = True
        awards = Award.objects.in_force().of_schools()
        if data["scheme"]:
            awards = awards.filter(level__scheme__short_name=data["scheme"])
        if data["award_level"]:
            awards = awards.filter(level_id=data["award_level"])
        if data["scheme"] or data["award_level"]:
            schools = schools.filter(pk__in=awards.values("school_id"))
            self.is_filtered = True
        return schools

    def page(self):
        if getattr(self, "_page", None) is None:
            paginator = Paginator(self.schools(), PER_PAGE)
            number = self.data.get("page", 1) if self.data else 1
            try:
                self._page = paginator.page(number)
            except PageNotAnInteger:
                self._page = paginator.page(1)
            except EmptyPage:
                self._page = paginator.page(paginator.num_pages)
        return self._page

    def has_map_points(self):
        """Whether any filtered school has a position: the map is left out otherwise."""
        return (
            self.schools()
            .prefetch_related(None)
            .filter(latitude__isnull=False, longitude__isnull=False)
            .exists()
        )

    def querystring_without_page(self):
        if not self.data:
            return ""
        params = self.data.copy()
        params.pop("page", None)
        return params.urlencode()

    def link_to_page(self, number):
        """ "?phase=primary&page=2": the filters travel with the pagination links."""
        filters = self.querystring_without_page()
        return f"?{filters}&page={number}" if filters else f"?page={number}"

    @property
    def previous_link(self):
        page = self.page()
        return self.link_to_page(page.previous_page_number()) if page.has_previous() else ""

    @property
    def next_link(self):
        page = self.page()
        return self.link_to_page(page.next_page_number()) if page.has_next() else ""


def map_features(directory, request=None):
    """One GeoJSON point per filtered school that has a position: name and page address."""
    schools = (
        directory.schools()
        .prefetch_related(None)
        .filter(latitude__isnull=False, longitude__isnull=False)
        .only("id", "title", "url_path", "path", "depth", "latitude", "longitude")
    )[:MAP_LIMIT]
    return [
        {
            "type": "Feature",
            # About 10 metres: enough to place a school, and a third smaller than 6 decimals.
            "geometry": {
                "type": "Point",
                "coordinates": [round(school.longitude, 4), round(school.latitude, 4)],
            },
            "properties": {"name": school.title, "url": school.get_url(request)},
        }
        for school in schools
    ]


def map_response(directory, request):
    features = map_features(directory, request)
    response = JsonResponse(
        {"type": "FeatureCollection", "features": features},
        content_type="application/geo+json",
        json_dumps_params={"separators": (",", ":"), "ensure_ascii": False},
    )
    response["Cache-Control"] = f"public, max-age={MAP_MAX_AGE}"
    return response


class SchoolIndexPage(RoutablePageMixin, Page):
    """The directory of schools: filters, a list and a map (its points as GeoJSON at map/)."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["network.SchoolPage"]
    max_count = 1

    class Meta:
        verbose_name = "school directory"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["directory"] = SchoolDirectory(request.GET, index_page=self)
        return context

    @path("map/", name="map")
    def map_points(self, request):
        """The filtered schools' positions as GeoJSON, fetched by the map after the page.

        A route of this page, so the page cache stores it beside the page and drops it when
        any school below changes (cms/cache.py), for every process at once."""
        return map_response(SchoolDirectory(request.GET, index_page=self), request)

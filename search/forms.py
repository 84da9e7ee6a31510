"""The search page's filter form: the same parameters as the API, as fields a person can use,
and the filters a search applies, each a plain link to the same search without it."""

from network.provision import phase_from_label, provision_from_label

from .query import FACETS, FILTERS, clean
from .service import tag_label


class SearchForm:
    """Groups of checkboxes built from the facet counts, so each choice shows what it gives."""

    def __init__(self, data, outcome=None):
        self.data = data or {}
        self.outcome = outcome

    @property
    def q(self):
        return self.data.get("q", "")

    def value(self, name):
        return self.data.get(name, "")

    def groups(self):
        if self.outcome is None:
            return []
        titles = {
            "kind": "Kind",
            "element": "Element",
            "tag": "Tag",
            "phase": "Phase",
            "provision": "Provision",
            "region": "Region",
            "local_authority": "Local authority",
            "cluster": "Cluster",
            "evidence_stage": "Evidence stage",
            "outcome": "Outcome",
            "scheme": "Scheme",
        }
        groups = []
        for name in FACETS:
            if name == "year" or not self.outcome.facets.get(name):
                continue
            groups.append(
                {"name": name, "title": titles[name], "options": self.outcome.facets[name]}
            )
        return groups

    def years(self):
        if self.outcome is None:
            return []
        return self.outcome.facets.get("year", [])


def _without(path, params, drop):
    """A link to the search of `params` less what `drop` (name, keep-this-value) removes; back
    to the first page of results, every other filter and the words typed kept."""
    kept = params.copy()
    kept.pop("page", None)
    for name, keep in drop:
        values = [value for value in kept.getlist(name) if keep(value)]
        if values:
            kept.setlist(name, values)
        else:
            kept.pop(name, None)
    query = kept.urlencode()
    return f"{path}?{query}" if query else path


def _label(name, value, labels):
    if name in ("phase", "provision"):
        phase = phase_from_label(value) if name == "phase" else None
        if phase:
            return labels["phase"].get(phase, value)
        provision = provision_from_label(value)
        return labels["provision"].get(provision, value) if provision else value
    found = labels.get(name, {}).get(value)
    if found:
        return found
    return tag_label(value) if name == "tag" else value


def applied_filters(path, params, outcome):
    """[{"label", "url"}]: each filter the search applies ("Special school", "Published from
    2019", "Within 25 km of LS6"), with a link to the same search without it."""
    if outcome is None:
        return []
    labels = {
        name: {str(option["value"]): option["label"] for option in options}
        for name, options in outcome.facets.items()
    }
    labels.setdefault("phase", {})
    labels.setdefault("provision", {})
    chips = []
    for name in FILTERS:
        seen = []
        for raw in params.getlist(name):
            value = clean(raw)
            if not value or value in seen:
                continue
            seen.append(value)
            chips.append(
                {
                    "label": _label(name, value, labels),
                    "url": _without(path, params, [(name, lambda v, gone=value: clean(v) != gone)]),
                }
            )
    never = lambda value: False  # noqa: E731
    year_from, year_to = clean(params.get("year_from", "")), clean(params.get("year_to", ""))
    if year_from:
        chips.append(
            {
                "label": f"Published from {year_from}",
                "url": _without(path, params, [("year_from", never)]),
            }
        )
    if year_to:
        chips.append(
            {
                "label": f"Published up to {year_to}",
                "url": _without(path, params, [("year_to", never)]),
            }
        )
    near = clean(params.get("near", ""))
    if near and outcome.query.near is not None:
        radius = f"{outcome.query.radius_km:g}"
        drop = [("near", never), ("radius_km", never), ("sort", lambda v: v != "distance")]
        chips.append(
            {"label": f"Within {radius} km of {near}", "url": _without(path, params, drop)}
        )
    return chips


def without_filters(path, params):
    """The same words searched with no filter at all."""
    text = params.get("q", "")
    drop = [(name, lambda value: False) for name in params if name != "q"]
    return _without(path, params, drop) if text else path


__all__ = ["SearchForm", "applied_filters", "without_filters"]

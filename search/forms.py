"""The search page's filter form: the same parameters as the API, as fields a person can use."""

from .query import FACETS


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


__all__ = ["SearchForm"]

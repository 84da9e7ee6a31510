import io
import json

import pytest
from django.core.management import CommandError, call_command

from network.models import AwardKind, Element, FrameworkVersion, Scheme


def run(*args):
    out = io.StringIO()
    call_command("load_frameworks", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_default_file_loads_every_published_framework():
    output = run()
    assert "4 schemes, 6 frameworks, 38 elements" in output

    iqm = Scheme.objects.get(short_name="IQM")
    assert iqm.is_default
    assert iqm.update_framework.name == "Ten elements"
    titles = list(iqm.update_framework.elements.values_list("number", "title"))
    assert titles[0] == (1, "Pupil progress")
    assert titles[-1] == (10, "The community")
    eight = FrameworkVersion.objects.get(scheme=iqm, name__startswith="Evaluative")
    assert eight.elements.count() == 8
    assert FrameworkVersion.objects.get(scheme__short_name="VbE").elements.count() == 6
    assert FrameworkVersion.objects.get(scheme__short_name="Artsmark").elements.count() == 7

    kinds = dict(iqm.award_levels.values_list("name", "kind"))
    assert kinds == {
        "Inclusive School Award": AwardKind.STANDARD,
        "Centre of Excellence": AwardKind.CENTRE_OF_EXCELLENCE,
        "Flagship School": AwardKind.FLAGSHIP,
    }
    assert iqm.award_levels.get(name="Inclusive School Award").validity_years == 3
    assert Scheme.objects.default() == iqm


@pytest.mark.django_db
def test_loading_twice_creates_nothing_new():
    run()
    counts = (Scheme.objects.count(), FrameworkVersion.objects.count(), Element.objects.count())
    assert "(0 new)" in run()
    assert counts == (
        Scheme.objects.count(),
        FrameworkVersion.objects.count(),
        Element.objects.count(),
    )


@pytest.mark.django_db
def test_a_renamed_element_is_updated_in_place(tmp_path):
    run()
    element = Element.objects.get(framework__name="Ten elements", number=3)
    data = json.loads(
        (__import__("network.frameworks").frameworks.DEFAULT_FILE).read_text(encoding="utf-8")
    )
    data["schemes"][0]["frameworks"][0]["elements"][2] = "Leadership, management and governance"
    changed = tmp_path / "frameworks.json"
    changed.write_text(json.dumps(data), encoding="utf-8")
    run(str(changed))
    element.refresh_from_db()
    assert element.title == "Leadership, management and governance"


@pytest.mark.django_db
def test_a_broken_file_is_refused_with_a_clear_message(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="not valid JSON"):
        run(str(broken))
    with pytest.raises(CommandError, match="No such file"):
        run(str(tmp_path / "missing.json"))
    assert Scheme.objects.count() == 0

"""Every quality mark runs its own cycle: the processes as data, two marks in one year,
outcomes that renew or give the award, what each cycle asks the school to write, the
scheme-scoped views of staff and assessors, and staff starting a school's cycle."""

import datetime

import pytest
from django.contrib.auth.models import Group

from network.models import (
    Award,
    AwardLevel,
    Element,
    FrameworkVersion,
    Phase,
    Process,
    Scheme,
)
from network.models.schools import add_years
from practice.models import AnnualReview, AnnualUpdatePage, ElementMapping, UpdateTarget
from practice.updates.dashboard import dashboard_rows
from practice.updates.year import open_update_year, start_cycle
from tests.factories import (
    AwardFactory,
    SchoolPageFactory,
    UserFactory,
    school_assessor,
    school_editor,
    school_with_award,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def level(scheme, name):
    return AwardLevel.objects.get(scheme__short_name=scheme, name=name)


def hold(school, scheme, name, days_ago=60, **extra):
    return AwardFactory(
        school=school,
        level=level(scheme, name),
        awarded_on=TODAY - datetime.timedelta(days=days_ago),
        **extra,
    )


def refused(client, url):
    """The admin answers a refusal with 403, or by sending the user to their home."""
    response = client.get(url)
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] in ("/admin/", "/admin/login/")
    )


def review_post(outcome, **extra):
    data = {
        "visit_date": TODAY.isoformat(),
        "outcome": outcome,
        "strengths": "Pupils lead the school's values.",
        "development_targets-TOTAL_FORMS": "1",
        "development_targets-INITIAL_FORMS": "0",
        "development_targets-MIN_NUM_FORMS": "0",
        "development_targets-MAX_NUM_FORMS": "1000",
        "development_targets-0-text": "Share the approach with the cluster",
    }
    data.update(extra)
    return data


# ------ The processes are data ------


def test_each_scheme_ships_its_cycle_with_stages_reports_and_outcomes(frameworks):
    keys = set(Process.objects.values_list("key", flat=True))
    assert {
        "annual-update",
        "vbe-quality-mark",
        "vbe-enhanced",
        "vbe-early-years",
        "vbe-staff",
        "artsmark",
        "wcsqm-students",
    } <= keys
    vbe = Process.objects.get(key="vbe-quality-mark")
    assert vbe.reviewer_title == "consultant"
    assert [s.title for s in vbe.report_sections.all()] == [
        "Stand-out area",
        "Next steps",
        "Audit conclusion",
    ]
    assert "Audit visit and debrief" in [stage.name for stage in vbe.stages.all()]
    artsmark = Process.objects.get(key="artsmark")
    assert artsmark.writes() == ["goals", "elements"]
    assert {o.level.name for o in artsmark.outcomes.all() if o.level_id} == {
        "Silver",
        "Gold",
        "Platinum",
    }
    staff_mark = Process.objects.get(key="vbe-staff")
    assert staff_mark.for_a_person and level("VbE", "Staff Quality Mark").for_a_person
    shares = dict(
        AwardLevel.objects.filter(scheme__short_name="WCSQM").values_list("name", "student_share")
    )
    assert shares == {"Bronze": 35, "Silver": 50, "Gold": 75}
    younger = FrameworkVersion.objects.get(name="Character framework (younger pupils)")
    assert [e.title for e in younger.elements.order_by("number")] == ["I learn", "I am", "I feel"]
    # Each scheme's own rating scale, and IQM's ten-to-eight mapping, shipped.
    assert Scheme.objects.get(short_name="Artsmark").rating_labels[-1] == "Leading"
    ten_to_eight = ElementMapping.objects.filter(
        from_element__framework__name="Ten elements",
        to_element__framework__name="Evaluative framework (eight elements)",
    )
    assert ten_to_eight.count() >= 10
    assert {m.from_element.number for m in ten_to_eight} == set(range(1, 11))


def test_staff_edits_to_a_cycle_survive_a_second_load(frameworks):
    from django.core.management import call_command

    vbe = Process.objects.get(key="vbe-quality-mark")
    vbe.name = "Our VbE audit"
    vbe.save()
    vbe.outcomes.filter(code="not_yet").update(label="Meet again in spring")
    call_command("load_frameworks", stdout=__import__("io").StringIO())
    vbe.refresh_from_db()
    assert vbe.name == "Our VbE audit"
    assert vbe.outcomes.get(code="not_yet").label == "Meet again in spring"


# ------ A school with two marks ------


@pytest.fixture
def two_marks(frameworks):
    school = school_with_award(title="Oakfield Special School", phase=Phase.SECONDARY)
    hold(school, "VbE", "Quality Mark")
    return school


def test_a_school_with_two_marks_runs_both_cycles_in_one_year(client, two_marks):
    result = open_update_year("2026/27", datetime.date(2027, 6, 30))
    updates = AnnualUpdatePage.objects.filter(school=two_marks, academic_year="2026/27")
    assert {u.process.key for u in updates} == {"annual-update", "vbe-quality-mark"}
    assert len(result.created) == 2
    assert open_update_year("2026/27", datetime.date(2027, 6, 30)).created == []

    # Its editor's home lists each, with its deadline and where it stands.
    client.force_login(school_editor(two_marks))
    html = client.get("/admin/").content.decode()
    assert "annual update 2026/27" in html
    assert "VbE Quality Mark self-assessment audit 2026/27" in html
    assert "Write and send it to your consultant" in html
    assert "Write and send it to your assessor" in html

    # The VbE round asks for the six aspects and the stand-out area, not IQM's targets.
    vbe = updates.get(process__key="vbe-quality-mark")
    html = client.get(f"/admin/pages/{vbe.pk}/edit/").content.decode()
    assert "Our stand-out area" in html
    assert "Key targets (Centre of Excellence)" not in html
    assert "Research project steps" not in html
    assert vbe.element_progress.count() == 6
    # Send to the consultant, in the scheme's words.
    assert "Send to your consultant" in html


def test_staff_see_a_row_per_cycle_and_a_schemes_own_staff_only_theirs(client, two_marks):
    open_update_year("2026/27", datetime.date(2027, 6, 30))
    rows = dashboard_rows("2026/27")
    assert sorted(row.cycle_label for row in rows) == [
        "IQM: Annual update",
        "VbE: Quality Mark self-assessment audit",
    ]
    vbe = Scheme.objects.get(short_name="VbE")
    vbe.staff_group = Group.objects.create(name="VbE staff")
    vbe.save()
    vbe_staff = UserFactory(username="val", groups=[vbe.staff_group])
    client.force_login(vbe_staff)
    html = client.get("/admin/updates/?year=2026/27").content.decode()
    assert "VbE: Quality Mark self-assessment audit" in html
    assert "IQM: Annual update" not in html
    iqm_update = AnnualUpdatePage.objects.get(school=two_marks, process__key="annual-update")
    vbe_update = AnnualUpdatePage.objects.get(school=two_marks, process__key="vbe-quality-mark")
    assert client.get(f"/admin/updates/{vbe_update.pk}/").status_code == 200
    assert refused(client, f"/admin/updates/{iqm_update.pk}/")
    assert refused(client, f"/admin/updates/{iqm_update.pk}/pdf/")


def test_a_consultant_assigned_for_one_scheme_reads_that_schemes_work_only(client, two_marks):
    from network.models import AssessorAssignment

    open_update_year("2026/27", datetime.date(2027, 6, 30))
    consultant = school_assessor(SchoolPageFactory(title="Elsewhere"), "chris")
    AssessorAssignment.objects.create(
        school=two_marks, assessor=consultant, scheme=Scheme.objects.get(short_name="VbE")
    )
    iqm_update = AnnualUpdatePage.objects.get(school=two_marks, process__key="annual-update")
    vbe_update = AnnualUpdatePage.objects.get(school=two_marks, process__key="vbe-quality-mark")
    client.force_login(consultant)
    assert client.get(f"/admin/updates/{vbe_update.pk}/").status_code == 200
    assert client.get(f"/admin/updates/{vbe_update.pk}/review/").status_code == 200
    for url in (f"/admin/updates/{iqm_update.pk}/", f"/admin/updates/{iqm_update.pk}/review/"):
        assert refused(client, url)
    # Not on the page's own address either.
    assert client.get(iqm_update.url).status_code in (302, 403, 404)


# ------ Outcomes that act ------


def test_a_ratified_review_renews_the_award_and_next_year_opens_from_it(client, frameworks):
    school = school_with_award(title="Rowan Primary")
    award = Award.objects.get(school=school)
    open_update_year("2026/27", datetime.date(2027, 6, 30))
    update = AnnualUpdatePage.objects.get(school=school, academic_year="2026/27")
    client.force_login(school_assessor(school))
    response = client.post(f"/admin/updates/{update.pk}/review/", review_post("ratified"))
    assert response.status_code == 302
    review = AnnualReview.objects.get(update=update)
    renewed = review.award
    assert renewed is not None and renewed.pk != award.pk
    assert renewed.level == award.level
    assert renewed.awarded_on == award.valid_until + datetime.timedelta(days=1)
    assert renewed.valid_until == add_years(renewed.awarded_on, 1)
    html = client.get(f"/admin/updates/{update.pk}/").content.decode()
    assert "Progress ratified" in html and "Centre of Excellence" in html

    # Recording it again changes that award; it does not give a second one.
    again = review_post("validated", **{"development_targets-TOTAL_FORMS": "0"})
    client.post(f"/admin/updates/{update.pk}/review/", again)
    assert Award.objects.filter(school=school).count() == 2

    # A year on, when the first award has ended, the next round opens from the renewal.
    later = renewed.awarded_on + datetime.timedelta(days=10)
    opened = open_update_year("2027/28", datetime.date(2028, 6, 30), today=later)
    next_year = AnnualUpdatePage.objects.get(school=school, academic_year="2027/28")
    assert next_year in opened.created
    assert [t.text for t in next_year.targets.all()] == ["Share the approach with the cluster"]


def test_further_evidence_gives_no_award_and_a_changed_outcome_takes_it_back(client, frameworks):
    school = school_with_award(title="Ash Primary")
    open_update_year("2026/27", datetime.date(2027, 6, 30))
    update = AnnualUpdatePage.objects.get(school=school, academic_year="2026/27")
    client.force_login(school_assessor(school))
    client.post(f"/admin/updates/{update.pk}/review/", review_post("ratified"))
    assert Award.objects.filter(school=school).count() == 2
    client.post(f"/admin/updates/{update.pk}/review/", review_post("further_evidence"))
    assert Award.objects.filter(school=school).count() == 1
    assert AnnualReview.objects.get(update=update).award is None


def test_flagship_is_offered_after_three_years_as_a_centre_and_staff_take_it_up(
    client, frameworks, staff_user
):
    school = SchoolPageFactory(title="Cedar Academy")
    for years_ago in (2, 1):
        start = TODAY - datetime.timedelta(days=60 + 365 * years_ago)
        AwardFactory(school=school, level=level("IQM", "Centre of Excellence"), awarded_on=start)
    hold(school, "IQM", "Centre of Excellence")
    open_update_year("2026/27", datetime.date(2027, 6, 30))
    update = AnnualUpdatePage.objects.get(school=school, academic_year="2026/27")
    client.force_login(school_assessor(school))
    client.post(f"/admin/updates/{update.pk}/review/", review_post("ratified"))
    review = AnnualReview.objects.get(update=update)
    assert review.offered_level == level("IQM", "Flagship School")

    client.force_login(staff_user)
    html = client.get(f"/admin/updates/{update.pk}/").content.decode()
    assert "The review offers Cedar Academy IQM Flagship School." in html
    response = client.post(f"/admin/updates/{update.pk}/accept-offer/", follow=True)
    assert "Cedar Academy holds IQM Flagship School from" in response.content.decode()
    flagship = Award.objects.get(school=school, level__name="Flagship School")
    opened = open_update_year(
        "2027/28", datetime.date(2028, 6, 30), today=flagship.awarded_on + datetime.timedelta(1)
    )
    next_year = opened.created[0]
    assert next_year.school_id == school.pk and next_year.is_flagship
    assert [s.step for s in next_year.research_steps.all()] == [
        "Share the approach with the cluster"
    ]


def test_a_school_short_of_three_years_is_not_offered_flagship(client, frameworks):
    school = school_with_award(title="Birch Primary")
    open_update_year("2026/27", datetime.date(2027, 6, 30))
    update = AnnualUpdatePage.objects.get(school=school, academic_year="2026/27")
    client.force_login(school_assessor(school))
    client.post(f"/admin/updates/{update.pk}/review/", review_post("ratified"))
    assert AnnualReview.objects.get(update=update).offered_level is None


# ------ VbE's report, Artsmark's journey ------


def test_the_consultants_report_has_the_schemes_sections_and_gives_the_mark(client, frameworks):
    school = SchoolPageFactory(title="Willow Primary", phase=Phase.PRIMARY)
    process = Process.objects.get(key="vbe-quality-mark")
    update, created = start_cycle(school, process, "2026/27", datetime.date(2027, 6, 30))
    assert created and update.title == "Quality Mark self-assessment audit 2026/27"
    consultant = school_assessor(school, "chris")
    client.force_login(consultant)
    form = client.get(f"/admin/updates/{update.pk}/review/").content.decode()
    for words in ("Stand-out area", "Next steps", "Audit conclusion", "Debrief"):
        assert words in form
    assert "Progress ratified" not in form
    sections = {s.title: s.pk for s in process.report_sections.all()}
    # A required section left empty: refused, and what was typed is kept.
    response = client.post(
        f"/admin/updates/{update.pk}/review/",
        review_post(
            "awarded",
            debrief_on=TODAY.isoformat(),
            **{f"section_{sections['Stand-out area']}": "Reflection in every class."},
        ),
    )
    assert response.status_code == 200
    assert "Reflection in every class." in response.content.decode()
    assert not AnnualReview.objects.exists()
    response = client.post(
        f"/admin/updates/{update.pk}/review/",
        review_post(
            "awarded",
            debrief_on=TODAY.isoformat(),
            **{
                f"section_{sections['Stand-out area']}": "Reflection in every class.",
                f"section_{sections['Next steps']}": "Bring families into the values.",
                f"section_{sections['Audit conclusion']}": "Meets the Quality Mark.",
            },
        ),
    )
    assert response.status_code == 302
    award = Award.objects.get(school=school)
    assert award.level == level("VbE", "Quality Mark")
    html = client.get(f"/admin/updates/{update.pk}/").content.decode()
    assert "The consultant&#x27;s report" in html or "The consultant's report" in html
    assert "Bring families into the values." in html and "Quality Mark awarded" in html


def test_the_artsmark_journey_moves_from_commitment_to_impact(client, frameworks, staff_user):
    from practice.updates.stages import stage_rows
    from practice.updates.status import update_status

    school = SchoolPageFactory(title="Hazel Primary", phase=Phase.PRIMARY)
    editor = school_editor(school)
    adviser = school_assessor(school, "adviser")
    update, _ = start_cycle(
        school, Process.objects.get(key="artsmark"), "2026/27", datetime.date(2027, 6, 30)
    )

    def now():
        fresh = AnnualUpdatePage.objects.get(pk=update.pk)
        status = update_status(fresh)
        return [row.stage.name for row in stage_rows(fresh, status, False) if row.state == "now"]

    assert now() == ["Statement of Commitment"]
    client.force_login(editor)
    html = client.get(f"/admin/pages/{update.pk}/edit/").content.decode()
    assert "Statement of Commitment: goals and actions" in html
    assert "Send to your adviser" in html
    UpdateTarget.objects.create(update=update, text="Arts ambassadors in Years 5 and 6")
    fresh = AnnualUpdatePage.objects.get(pk=update.pk)
    fresh.save_revision(user=editor)
    workflow_state = fresh.get_workflow().start(fresh, editor)
    assert now() == ["Feedback on the commitment"]
    workflow_state.current_task_state.reject(user=adviser, comment="Add a community goal.")
    assert now() == ["Development period", "Statement of Impact"]
    html = client.get(f"/admin/updates/{update.pk}/").content.decode()
    assert 'aria-current="step"><strong>Development period</strong>' in html


# ------ Staff start a school's cycle ------


def test_staff_start_a_cycle_and_bad_input_keeps_what_was_typed(client, frameworks, staff_user):
    school = SchoolPageFactory(title="Elm Nursery School", urn="123456", phase=Phase.NURSERY)
    client.force_login(staff_user)
    staff_mark = Process.objects.get(key="vbe-staff")
    response = client.post(
        "/admin/updates/start/",
        {
            "school": "654321",
            "cycle": staff_mark.pk,
            "person_name": "",
            "academic_year": "2026/27",
            "deadline": "2027-06-30",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "No school in the network has the URN &#x27;654321&#x27;" in html
    assert "Staff Quality Mark is held by a person: give their name." in html
    assert 'value="2026/27"' in html
    response = client.post(
        "/admin/updates/start/",
        {
            "school": "123456",
            "cycle": staff_mark.pk,
            "person_name": "Anna Patel",
            "academic_year": "2026/27",
            "deadline": "2027-06-30",
        },
    )
    update = AnnualUpdatePage.objects.get(school=school)
    assert response.status_code == 302
    assert update.person_name == "Anna Patel" and update.title.endswith(": Anna Patel")
    early = Process.objects.get(key="vbe-early-years")
    update, _ = start_cycle(school, early, "2026/27", datetime.date(2027, 6, 30))
    assert update.framework.name == "Six aspects"


def test_wcsqm_gives_younger_pupils_their_own_framework(frameworks):
    process = Process.objects.get(key="wcsqm-students")
    primary = SchoolPageFactory(title="Lime Primary", phase=Phase.PRIMARY)
    secondary = SchoolPageFactory(title="Lime High", phase=Phase.SECONDARY)
    young, _ = start_cycle(primary, process, "2026/27", datetime.date(2027, 6, 30))
    older, _ = start_cycle(secondary, process, "2026/27", datetime.date(2027, 6, 30))
    assert young.framework.name == "Character framework (younger pupils)"
    assert older.framework.name == "Character framework (secondary)"
    assert young.element_progress.count() == 0  # students' evidence, not sections
    assert Element.objects.filter(framework=young.framework).count() == 3


def test_with_the_shipped_mapping_every_old_element_is_paired_across_the_change(client, frameworks):
    iqm = Scheme.objects.get(short_name="IQM")
    school = school_with_award(title="Cedar School")
    open_update_year("2025/26", datetime.date(2026, 6, 30))
    iqm.update_framework = FrameworkVersion.objects.get(name__startswith="Evaluative framework")
    iqm.save()
    open_update_year("2026/27", datetime.date(2027, 6, 30))
    new = AnnualUpdatePage.objects.get(school=school, academic_year="2026/27")
    client.force_login(school_editor(school))
    rows = client.get(f"/admin/updates/{new.pk}/compare/").context["rows"]
    by_new = {row.current.element.number: row for row in rows if row.current}
    assert [s.element.number for s in by_new[8].previous] == [10]  # the community
    assert [s.element.number for s in by_new[7].previous] == [8]  # parents and carers
    assert all(row.current is not None for row in rows)  # no old element left alone


def test_a_schools_export_keeps_each_rounds_cycle_report_and_award(
    client, frameworks, settings, tmp_path
):
    """A VbE round with the consultant's report comes back from the school's export with its
    cycle, its report's sections and the award it gave (the award comes back with the
    school's awards)."""
    from tests.cms.test_school_restore import empty_the_site, export_to, restore

    settings.MEDIA_ROOT = tmp_path / "exporting-site"
    school = SchoolPageFactory(title="Poplar Special School", urn="140001")
    process = Process.objects.get(key="vbe-quality-mark")
    update, _ = start_cycle(school, process, "2026/27", datetime.date(2027, 6, 30))
    client.force_login(school_assessor(school, "chris"))
    sections = {s.title: s.pk for s in process.report_sections.all()}
    client.post(
        f"/admin/updates/{update.pk}/review/",
        review_post(
            "awarded",
            **{f"section_{pk}": f"{title}: written." for title, pk in sections.items()},
        ),
    )
    path = export_to(tmp_path / "poplar.zip", school)
    empty_the_site(school)
    assert not AnnualUpdatePage.objects.exists()
    restore(path)
    restored = AnnualUpdatePage.objects.get(school__urn="140001")
    assert restored.process == process
    review = AnnualReview.objects.get(update=restored)
    assert review.outcome == "awarded"
    assert [t.text for t in review.section_texts.order_by("sort_order")] == [
        "Stand-out area: written.",
        "Next steps: written.",
        "Audit conclusion: written.",
    ]
    assert review.award is not None and review.award.level.name == "Quality Mark"


def test_each_cycle_speaks_its_own_words_beside_the_text(client, frameworks):
    """A VbE round's feedback is the consultant's, on an aspect by its name and on the
    stand-out area; an Artsmark round's plan is goals, added one goal at a time."""
    school = SchoolPageFactory(title="Rowan Primary", phase=Phase.PRIMARY)
    vbe, _ = start_cycle(
        school, Process.objects.get(key="vbe-quality-mark"), "2026/27", datetime.date(2027, 6, 30)
    )
    client.force_login(school_assessor(school, "chris"))
    html = client.get(f"/admin/updates/{vbe.pk}/").content.decode()
    assert "Your feedback on Wellbeing" in html
    assert "Your feedback on our stand-out area" in html
    assert "element 1" not in html
    client.force_login(school_editor(school))
    editor = client.get(f"/admin/pages/{vbe.pk}/edit/").content.decode()
    assert "Six aspects" in editor and "Progress against the elements" not in editor
    arts, _ = start_cycle(
        school, Process.objects.get(key="artsmark"), "2026/27", datetime.date(2027, 6, 30)
    )
    editor = client.get(f"/admin/pages/{arts.pk}/edit/").content.decode()
    assert "Add Goal" in editor and "Add Target" not in editor


def test_where_this_stands_names_the_cycles_own_reviewer(client, frameworks):
    school = SchoolPageFactory(title="Alder Primary", phase=Phase.PRIMARY)
    vbe, _ = start_cycle(
        school, Process.objects.get(key="vbe-quality-mark"), "2026/27", datetime.date(2027, 6, 30)
    )
    client.force_login(school_editor(school))
    html = client.get(f"/admin/updates/{vbe.pk}/").content.decode()
    assert "(to come; the consultant)" in html
    assert "assessor, consultant or adviser" not in html

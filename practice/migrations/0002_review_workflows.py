"""Review, set up once and by construction.

- "Practice review" (scheme staff approve what a school or a cluster submits) is assigned
  on the schools' directory and the clusters' index, so every school and cluster below them
  inherits it however it was made: in the admin, by the GIAS import, a restore or the demo
  seeder. (Until now it was assigned school by school after `migrate`, so schools made after
  the last `migrate` fell back to Wagtail's "Moderators approval", whose group is empty.)
- "Annual review" (the school's assessor, then scheme staff's sign-off), which each annual
  update carries on its own page.
- Scheme staff's rights over curation, element mappings, rating scales and reviews.
"""

from django.db import migrations

from network.migration_setup import group_approval_task, make_permissions, permissions, workflow

SCHEME_STAFF = "Scheme staff"
PRACTICE_REVIEW = "Practice review"
STAFF_APPROVAL = "Scheme staff approval"
ANNUAL_REVIEW = "Annual review"
ASSESSOR_TASK = "Assessor review"
SIGN_OFF_TASK = "Scheme staff sign-off"
STAFF_PRACTICE_MODELS = [
    "elementmapping",
    "ratingscale",
    "annualreview",
    "practicecollection",
    "practicecollectionitem",
]


def set_up_review(apps, schema_editor):
    make_permissions(apps, schema_editor)
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    AssessorReviewTask = apps.get_model("practice", "AssessorReviewTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")

    staff, _ = Group.objects.get_or_create(name=SCHEME_STAFF)
    staff.permissions.add(
        *permissions(apps, "practice", models=STAFF_PRACTICE_MODELS),
        *permissions(apps, "wagtailsearchpromotions", models=["searchpromotion"]),
    )

    practice_review = workflow(
        apps, PRACTICE_REVIEW, [group_approval_task(apps, STAFF_APPROVAL, [staff])]
    )
    assessor_task = AssessorReviewTask.objects.filter(name=ASSESSOR_TASK).first()
    if assessor_task is None:
        content_type, _ = ContentType.objects.get_or_create(
            app_label="practice", model="assessorreviewtask"
        )
        assessor_task = AssessorReviewTask.objects.create(
            name=ASSESSOR_TASK, active=True, content_type=content_type
        )
    annual_review = workflow(
        apps, ANNUAL_REVIEW, [assessor_task, group_approval_task(apps, SIGN_OFF_TASK, [staff])]
    )

    for model in ("SchoolIndexPage", "ClusterIndexPage"):
        for page_id in apps.get_model("network", model).objects.values_list("pk", flat=True):
            WorkflowPage.objects.get_or_create(
                page_id=page_id, defaults={"workflow": practice_review}
            )
    AnnualUpdatePage = apps.get_model("practice", "AnnualUpdatePage")
    for page_id in AnnualUpdatePage.objects.values_list("pk", flat=True):
        WorkflowPage.objects.get_or_create(page_id=page_id, defaults={"workflow": annual_review})


class Migration(migrations.Migration):
    dependencies = [
        ("practice", "0001_initial"),
        ("network", "0006_role_groups"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
    ]

    operations = [migrations.RunPython(set_up_review, migrations.RunPython.noop)]

"""What another process does to the site, run as its own Python process against a server's
database: `python -m tests.serving.one_truth_actions ACTION` with the server's environment.

Used by test_one_truth: `build` makes a small network (and prints its pages as JSON), the
others change it as a management command, a cron job or an import would, never through the
server's workers. `settled` waits for the task worker to finish what is queued.
"""

import json
import sys
import time

import django


def _pages():
    from practice.models import CaseStudyPage

    return {page.slug: page for page in CaseStudyPage.objects.all()}


TITLES = {
    "quokka": "Quokka lunchtime club for pupils with SEMH",
    "pangolin": "Pangolin reading corner in our PRU",
    "narwhal": "Narwhal sensory room at a special school",
    "axolotl": "Axolotl phonics catch-up",
}


def build():
    from django.core.management import call_command

    from tests.factories import CaseStudyPageFactory, SchoolPageFactory, practice_index

    call_command("load_frameworks", verbosity=0)
    practice_index()
    school = SchoolPageFactory(title="Riverside Primary", urn="100001")
    out = {"school": school.url}
    for slug, title in TITLES.items():
        page = CaseStudyPageFactory(title=title, slug=slug, parent=school, live=False)
        page.save_revision().publish()
        out[slug] = page.url
    print(json.dumps(out))


def make_private():
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=_pages()["quokka"], restriction_type=PageViewRestriction.LOGIN
    )


def unpublish():
    _pages()["pangolin"].unpublish()


def delete():
    _pages()["narwhal"].delete()


def add_synonym():
    from search.models import SearchSynonym

    SearchSynonym.objects.create(terms="wombatish, axolotl", source="test")


def settled(timeout=60):
    """Wait until the task worker has run every task that is due (none when tasks run at once)."""
    from django.apps import apps

    if not apps.is_installed("django_tasks_db"):
        return
    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + timeout
    while True:
        waiting = DBTaskResult.objects.ready() | DBTaskResult.objects.running()
        if not waiting.exists():
            return
        if time.monotonic() > deadline:
            sys.exit(f"tasks still waiting after {timeout}s: {list(waiting.values('task_path'))}")
        time.sleep(0.1)


if __name__ == "__main__":
    django.setup()
    for action in sys.argv[1:]:
        {
            "build": build,
            "private": make_private,
            "unpublish": unpublish,
            "delete": delete,
            "synonym": add_synonym,
            "settled": settled,
        }[action]()

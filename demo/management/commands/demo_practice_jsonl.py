"""manage.py demo_practice_jsonl OUT.jsonl: the demo practice as import lines, for a corpus."""

from django.core.management.base import BaseCommand

from demo.practice import CASE_STUDIES, RESEARCH_PROJECTS, SEED, write_jsonl


class Command(BaseCommand):
    help = (
        "Write demo case studies and research in the import_practice format. Uses the schools "
        "in the database, or made-up schools when there are none."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", help="The .jsonl file to write ('-' for standard output).")
        parser.add_argument("--case-studies", type=int, default=CASE_STUDIES)
        parser.add_argument("--research", type=int, default=RESEARCH_PROJECTS)
        parser.add_argument("--seed", type=int, default=SEED)

    def handle(self, *args, out, case_studies, research, seed, **options):
        kwargs = {"case_studies": case_studies, "research": research, "seed": seed}
        if out == "-":
            count = write_jsonl(self.stdout, **kwargs)
        else:
            with open(out, "w", encoding="utf-8") as handle:
                count = write_jsonl(handle, **kwargs)
        self.stderr.write(f"{count} lines written.")

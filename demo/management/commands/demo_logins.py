"""`manage.py demo_logins`: who to sign in as, to see the site as each role sees it."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from demo.users import DEMO_PASSWORD, DEMO_USERS, describe


class Command(BaseCommand):
    help = "Print the demo users, their roles and their password."

    def handle(self, *args, **options):
        users = {
            user.username: user
            for user in get_user_model().objects.filter(
                username__in=[spec.username for spec in DEMO_USERS]
            )
        }
        if not users:
            self.stdout.write("  No demo users yet: run `manage.py seed_demo`.")
            return
        self.stdout.write(f"  Demo logins (password for all: {DEMO_PASSWORD}):")
        width = max(len(spec.username) for spec in DEMO_USERS)
        for spec in DEMO_USERS:
            user = users.get(spec.username)
            if user is None:
                continue
            details = describe(user)
            line = f"    {spec.username:<{width}}  {spec.role}"
            self.stdout.write(line + (f" ({details})" if details else ""))

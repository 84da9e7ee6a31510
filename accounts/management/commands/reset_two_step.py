"""For someone who has lost both their phone and their recovery codes."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.second_factor import turn_off


class Command(BaseCommand):
    help = (
        "Remove a person's authenticator app and recovery codes: at their next sign-in they "
        "set two-step sign-in up again (scheme staff and assessors must)."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The email address (or username) they sign in with.")

    def handle(self, *args, email, **options):
        User = get_user_model()
        users = list(User.objects.filter(email__iexact=email)) or list(
            User.objects.filter(username__iexact=email)
        )
        if len(users) != 1:
            raise CommandError(
                f"No one signs in as {email}."
                if not users
                else f"{len(users)} people have the email {email}: give the username instead."
            )
        turn_off(users[0])
        self.stdout.write(
            f"Two-step sign-in removed for {users[0].get_username()}: they set it up again "
            "at their next sign-in."
        )

from django.core.management.base import BaseCommand, CommandError

from drafts import services
from drafts.cli import speech_named, user_named
from drafts.errors import DraftsError


class Command(BaseCommand):
    help = "Make USERNAME a member of the speech SLUG (起草组)."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("username")
        parser.add_argument(
            "--by", help="username of the member doing it; checked like on the site"
        )

    def handle(self, *args, **options):
        speech = speech_named(options["slug"])
        user = user_named(options["username"])
        by = user_named(options["by"]) if options["by"] else None
        try:
            services.member_add(speech=speech, user=user, added_by=by)
        except DraftsError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"已将 {user.username} 加入“{speech.title}”的成员。")

from django.core.management.base import BaseCommand, CommandError

from drafts import services
from drafts.cli import speech_named, user_named
from drafts.errors import DraftsError


class Command(BaseCommand):
    help = (
        "Take USERNAME out of the members of the speech SLUG; their revisions, "
        "decisions and comments stay."
    )

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
            services.member_remove(speech=speech, user=user, removed_by=by)
        except DraftsError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"已将 {user.username} 移出“{speech.title}”的成员。")

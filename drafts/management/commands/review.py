from django.core.management.base import BaseCommand, CommandError

from drafts import services
from drafts.cli import speech_named, user_named
from drafts.errors import DraftsError
from drafts.models import Review


class Command(BaseCommand):
    help = (
        "Record a review decision on revision NUMBER of the speech SLUG as USER, "
        "under the same rules as the site, the admin and the API."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("number", type=int)
        parser.add_argument("decision", choices=Review.Decision.values)
        parser.add_argument("--user", required=True, help="username of the reviewer")
        parser.add_argument("--note", default="", help="意见")

    def handle(self, *args, **options):
        speech = speech_named(options["slug"])
        reviewer = user_named(options["user"])
        try:
            revision = speech.revisions.get(number=options["number"])
        except speech.revisions.model.DoesNotExist:
            raise CommandError(f"第{options['number']}版不存在。") from None
        try:
            review = services.review_record(
                revision=revision,
                reviewer=reviewer,
                decision=options["decision"],
                note=options["note"],
            )
        except DraftsError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            f"已记录：第{revision.number}版 {review.get_decision_display()}"
        )

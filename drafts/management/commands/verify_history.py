from django.core.management.base import BaseCommand, CommandError

from drafts.cli import speech_named
from drafts.history import speech_mismatches
from drafts.models import Speech


class Command(BaseCommand):
    help = (
        "Recompute every revision's SHA-256 and every chain of review decisions; "
        "exit non-zero naming each revision or decision that no longer matches."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", nargs="?", help="only this speech")

    def handle(self, *args, **options):
        slug = options["slug"]
        speeches = [speech_named(slug)] if slug else Speech.objects.order_by("pk")
        mismatches, checked = [], 0
        for speech in speeches:
            mismatches.extend(speech_mismatches(speech))
            checked += 1
        for mismatch in mismatches:
            self.stderr.write(str(mismatch))
        if mismatches:
            raise CommandError(f"校验失败：{len(mismatches)} 处与哈希不符。")
        self.stdout.write(f"已校验 {checked} 篇讲稿的全部版本与审核记录，均一致。")

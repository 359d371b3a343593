from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from drafts import services
from drafts.cli import user_named
from drafts.errors import DraftsError
from drafts.models import Speech


class Command(BaseCommand):
    help = "Store FILE (.txt or .docx) as the next revision of the speech SLUG."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("file")
        parser.add_argument("--author", required=True, help="username of the author")
        parser.add_argument("--note", default="", help="修改说明")
        parser.add_argument("--title", help="create the speech with this title")
        parser.add_argument("--base", type=int, help="number of the base revision")
        parser.add_argument(
            "--allow-stale-base",
            action="store_true",
            help="upload even when --base is no longer the latest revision",
        )

    def handle(self, *args, **options):
        author = user_named(options["author"])
        data = _read(options["file"])
        try:
            incoming = services.incoming_from_file(Path(options["file"]).name, data)
            # A speech made by --title is kept only if its first revision is.
            with transaction.atomic():
                speech = _speech(options["slug"], options["title"], author)
                revision = services.revision_create(
                    speech=speech,
                    author=author,
                    incoming=incoming,
                    note=options["note"],
                    base=services.revision_base(speech, options["base"]),
                    confirm_stale_base=options["allow_stale_base"],
                )
        except DraftsError as error:
            raise CommandError(error.message) from error
        for notice in revision.import_notices:
            self.stderr.write(notice)
        self.stdout.write(str(revision.number))


def _read(path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise CommandError(f"无法读取文件 {path}：{error.strerror}") from error


def _speech(slug, title, author):
    try:
        return Speech.objects.get(slug=slug)
    except Speech.DoesNotExist:
        if not title:
            raise CommandError(
                f"讲稿“{slug}”不存在；用 --title 指定标题即可新建。"
            ) from None
    return services.speech_create(title=title, slug=slug, created_by=author)

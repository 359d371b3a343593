"""Helpers shared by the management commands that read text files."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import termcolors

from drafts.errors import DraftsError
from drafts.importers import UnreadableUpload, decode_text_bytes, read_upload
from drafts.models import Speech


def read_text_file(path: str) -> str:
    """Return the text of *path*, decoded as uploads are; CommandError if not."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise CommandError(f"无法读取文件 {path}：{error.strerror}") from error
    try:
        if path.lower().endswith(".docx"):
            return read_upload(Path(path).name, data).text
        return decode_text_bytes(data)[0]
    except UnreadableUpload as error:
        raise CommandError(f"{path}：{error.message}") from error


def painter(options, stream):
    """Return a function colouring text, or leaving it as is without colour."""
    wanted = options.get("force_color") or (
        not options.get("no_color") and stream.isatty()
    )

    def paint(text: str, **style) -> str:
        return termcolors.colorize(text, **style) if wanted and text else text

    paint.enabled = wanted
    return paint


def user_named(username: str):
    """Return the user *username*; CommandError if there is none."""
    try:
        return get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist:
        raise CommandError(f"用户“{username}”不存在。") from None


def speech_named(slug: str):
    """Return the speech *slug*; CommandError if there is none."""
    try:
        return Speech.objects.get(slug=slug)
    except Speech.DoesNotExist:
        raise CommandError(f"讲稿“{slug}”不存在。") from None


class MemberCommand(BaseCommand):
    """Add or remove one member of a speech through *service*."""

    service = None  # member_add or member_remove, keyword arguments below
    actor = ""  # the service's keyword for who does it
    done = ""  # the message, formatted with username and title

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
            self.service(speech=speech, user=user, **{self.actor: by})
        except DraftsError as error:
            raise CommandError(error.message) from error
        self.stdout.write(self.done.format(username=user.username, title=speech))

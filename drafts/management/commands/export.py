from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from drafts import access, exports, services
from drafts.cli import speech_named, user_named
from drafts.errors import DraftsError
from drafts.models import Download, Revision


class Command(BaseCommand):
    help = (
        "Export a revision as .txt or .docx, or a comparison as a .docx of "
        "tracked changes; the format follows OUT's extension. Recorded as a "
        "download."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        what = parser.add_mutually_exclusive_group(required=True)
        what.add_argument("--revision", type=int, metavar="N")
        what.add_argument("--compare", type=int, nargs=2, metavar=("A", "B"))
        parser.add_argument("out", metavar="OUT")
        parser.add_argument(
            "--user", help="export as this user, who must be able to see the speech"
        )

    def handle(self, *args, **options):
        out = Path(options["out"])
        file_format = out.suffix.lower().lstrip(".")
        if file_format not in exports.FORMATS:
            raise CommandError(f"无法识别输出格式“{out.suffix}”：请用 .txt 或 .docx。")
        if options["compare"] and file_format != "docx":
            raise CommandError("版本比较只能导出为 .docx。")
        user = user_named(options["user"]) if options["user"] else None
        try:
            served = self._export(options, user, file_format)
        except DraftsError as error:
            raise CommandError(error.message) from error
        out.write_bytes(served.data)
        self.stdout.write(
            f"已导出 {served.filename} 到 {out}（{len(served.data)} 字节，"
            f"SHA-256 {served.sha256}）"
        )

    def _export(self, options, user, file_format):
        number = options["revision"]
        numbers = [number] if number is not None else options["compare"]
        found = [_revision(options["slug"], n, user) for n in numbers]
        channel = Download.Channel.COMMAND
        if number is not None:
            return services.revision_export(
                revision=found[0], file_format=file_format, user=user, channel=channel
            )
        return services.comparison_export(
            old=found[0], new=found[1], user=user, channel=channel
        )


def _revision(slug: str, number: int, user) -> Revision:
    """Return revision *number*: as *user* sees it, or as the operator."""
    queryset = Revision.objects.select_related("speech", "author")
    if user is not None:
        try:
            return access.revision_or_404(user, slug, number, queryset)
        except Http404:
            raise CommandError(
                f"用户“{user.get_username()}”看不到讲稿“{slug}”的第{number}版。"
            ) from None
    speech = speech_named(slug)
    try:
        return queryset.get(speech=speech, number=number)
    except Revision.DoesNotExist:
        raise CommandError(f"讲稿“{slug}”没有第{number}版。") from None

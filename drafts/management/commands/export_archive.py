from django.core.management.base import BaseCommand, CommandError

from drafts.archive.export import archive_export
from drafts.archive.format import summary


class Command(BaseCommand):
    help = (
        "Write every user, speech, member, revision (text, metadata and uploaded "
        "original), decision and comment to OUT.zip, from one consistent "
        "snapshot; the format is described in drafts/archive/format.py. A history "
        "that fails verify_history is exported as it is, with a warning, and the "
        "result is recorded in the manifest. An operator command: whoever runs it "
        "holds the database, so no per-user access check applies. The archive "
        "holds password hashes: keep it as confidential as the database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "out", metavar="OUT.zip", help="the zip to write (replaced if it exists)"
        )

    def handle(self, *args, **options):
        try:
            result = archive_export(options["out"])
        except OSError as error:
            raise CommandError(
                f"无法写入 {options['out']}：{error.strerror}"
            ) from error
        for mismatch in result.mismatches:
            self.stderr.write(mismatch)
        if result.mismatches:
            self.stderr.write(
                f"警告：历史校验未通过（{len(result.mismatches)} 处）。"
                "归档照原样导出，校验结果已记入 manifest.json。"
            )
        self.stdout.write(f"已导出到 {result.path}：{summary(result.counts)}。")

from django.core.management.base import BaseCommand, CommandError

from drafts.archive.format import ArchiveError, summary
from drafts.archive.restore import archive_check, archive_import


class Command(BaseCommand):
    help = (
        "Restore the zip IN, written by export_archive, into an empty, migrated "
        "database: ids, times and hashes exactly as exported, all in one "
        "transaction that is rolled back whole unless every member matches the "
        "manifest and the restored history passes verify_history. With --check, "
        "only check the archive against its manifest. An operator command: "
        "whoever runs it holds the database, so no per-user access check applies."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the zip to restore")
        parser.add_argument(
            "--check",
            action="store_true",
            help="check every member against the manifest; touch no database",
        )

    def handle(self, *args, **options):
        try:
            if options["check"]:
                manifest = archive_check(options["archive"])
                self.stdout.write(
                    f"归档完好：{summary(manifest['counts'])}，"
                    f"导出于 {manifest.get('created_at')}。"
                )
                return
            result = archive_import(options["archive"])
        except ArchiveError as error:
            for detail in error.details:
                self.stderr.write(detail)
            raise CommandError(error.message) from error
        self.stdout.write(
            f"已恢复：{summary(result.counts)}。全部版本与审核记录均已校验一致。"
        )

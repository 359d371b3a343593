from django.core.management.base import BaseCommand, CommandError

from drafts.archive.format import ArchiveError, summary
from drafts.archive.restore import archive_check, archive_import


class Command(BaseCommand):
    help = (
        "Restore IN.zip, written by export_archive, into an empty, migrated "
        "database: ids, times and hashes exactly as exported, all in one "
        "transaction that is rolled back whole unless every member matches the "
        "manifest and the restored history passes verify_history. With --check, "
        "only check the archive against its manifest. An operator command: "
        "whoever runs it holds the database, so no per-user access check applies."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", metavar="IN.zip", help="the zip to restore")
        parser.add_argument(
            "--check",
            action="store_true",
            help="check every member against the manifest; touch no database",
        )

    def handle(self, *args, **options):
        try:
            if options["check"]:
                self._report_check(archive_check(options["archive"]))
                return
            result = archive_import(options["archive"])
        except ArchiveError as error:
            for detail in error.details:
                self.stderr.write(detail)
            raise CommandError(error.message) from error
        self.stdout.write(
            f"已恢复：{summary(result.counts)}。全部版本与审核记录均已校验一致。"
        )

    def _report_check(self, manifest: dict) -> None:
        self.stdout.write(
            f"归档完好：{summary(manifest['counts'])}，"
            f"导出于 {manifest.get('created_at')}。"
        )
        verification = manifest.get("verification") or {}
        if not verification.get("ok"):
            for mismatch in verification.get("mismatches", []):
                self.stderr.write(mismatch)
            self.stderr.write(
                "警告：导出时历史校验未通过；导入这份归档时，恢复后的校验将不会通过。"
            )

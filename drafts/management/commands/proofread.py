import json

from django.conf import settings
from django.core.management.base import BaseCommand

from drafts.cli import painter, read_text_file
from drafts.proofing import proofread


class Command(BaseCommand):
    help = "Proofread a draft (.txt in any supported encoding, or .docx)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--json", action="store_true", help="print the JSON result only"
        )

    def handle(self, *args, **options):
        text = read_text_file(options["file"])
        result = proofread(text, chars_per_minute=settings.DRAFTS_CHARS_PER_MINUTE)
        if options["json"]:
            self.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False))
            return
        paint = painter(options, self.stdout)
        for issue in result.issues:
            place = f"第{issue.paragraph + 1}段第{issue.start + 1}字"
            fix = f" → 建议：{issue.suggestion}" if issue.suggestion else ""
            self.stdout.write(f"{paint(place, fg='cyan')} {issue.message}{fix}")
        metrics = result.metrics
        self.stdout.write(
            f"共 {len(result.issues)} 处问题；{metrics.paragraphs} 段，"
            f"{metrics.chars} 字（汉字 {metrics.chinese_chars}），"
            f"约 {metrics.speaking_minutes} 分钟"
        )

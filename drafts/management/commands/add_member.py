from drafts import services
from drafts.cli import MemberCommand


class Command(MemberCommand):
    help = "Make USERNAME a member of the speech SLUG (起草组)."
    service = staticmethod(services.member_add)
    actor = "added_by"
    done = "已将 {username} 加入“{title}”的成员。"

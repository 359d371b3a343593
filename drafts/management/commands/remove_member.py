from drafts import services
from drafts.cli import MemberCommand


class Command(MemberCommand):
    help = (
        "Take USERNAME out of the members of the speech SLUG; their revisions, "
        "decisions and comments stay."
    )
    service = staticmethod(services.member_remove)
    actor = "removed_by"
    done = "已将 {username} 移出“{title}”的成员。"

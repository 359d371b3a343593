from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from drafts import roles, services
from drafts.demo.chain import organization_chain, safety_chain
from drafts.models import Speech

DEMO_USERS = [
    # username, full name, group, password; reviewers and approvers decide
    # in the admin too, so they are staff.
    ("editor", "王起草", roles.EDITORS, "drafts-editor"),
    ("editor2", "李执笔", roles.EDITORS, "drafts-editor2"),
    ("reviewer", "张审核", roles.REVIEWERS, "drafts-reviewer"),
    ("approver", "赵签发", roles.APPROVERS, "drafts-approver"),
]
DEMO_ADMIN = ("admin", "drafts-admin")

DEMO_SPEECHES = [
    (
        "organization-work",
        "在全市组织工作会议上的讲话",
        "全市组织工作会议",
        organization_chain,
    ),
    (
        "safety-production",
        "在2026年全市安全生产工作会议上的讲话",
        "全市安全生产工作会议",
        safety_chain,
    ),
]


class Command(BaseCommand):
    help = "Load the demo users and speeches; running it again changes nothing."

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "演示数据只用于试用：它会创建密码公开的账号（含系统管理员），"
                "因此只在 DEBUG 开启时载入（make run 会开启）。生产环境请用 "
                "createsuperuser 创建账号。"
            )
        users = {
            name: _user(name, full, group, pw) for name, full, group, pw in DEMO_USERS
        }
        users["admin"] = _admin(*DEMO_ADMIN)
        for slug, title, occasion, chain in DEMO_SPEECHES:
            added = _speech(users, slug, title, occasion, chain())
            self.stdout.write(f"{title}：新增 {added} 个版本")
        self.stdout.write("演示账号（用户名 / 密码）：")
        for name, full, group, password in DEMO_USERS:
            self.stdout.write(f"  {name} / {password}  （{full}，{group}）")
        self.stdout.write(f"  {DEMO_ADMIN[0]} / {DEMO_ADMIN[1]}  （系统管理员）")


def _user(username, full_name, group_name, password):
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={"first_name": full_name, "is_staff": group_name != roles.EDITORS},
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=group_name))
    return user


def _admin(username, password):
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"is_staff": True, "is_superuser": True}
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


def _enrol(speech, users) -> None:
    for name, *_ in DEMO_USERS:
        if not speech.memberships.filter(user=users[name]).exists():
            services.member_add(speech=speech, user=users[name])


def _speech(users, slug, title, occasion, chain) -> int:
    speech = Speech.objects.filter(slug=slug).first()
    if speech is None:
        speech = services.speech_create(
            title=title, slug=slug, occasion=occasion, created_by=users["editor"]
        )
    _enrol(speech, users)
    pending = chain[speech.revision_count :]
    for demo in pending:
        revision = services.revision_create(
            speech=speech,
            author=users[demo.author],
            incoming=services.incoming_from_paste(demo.text),
            note=demo.note,
        )
        if demo.review:
            services.revision_submit(revision=revision, user=users[demo.author])
            services.review_record(
                revision=revision,
                reviewer=users["reviewer"],
                decision=demo.review,
                note=demo.review_note,
            )
    return len(pending)

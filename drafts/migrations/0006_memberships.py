import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from drafts import roles


def grant_member_permissions(apps, schema_editor):
    roles.grant(apps, roles.MEMBER_PERMISSIONS)
    roles.revoke(apps, roles.SEPARATED_DUTIES)


def restore_review_permission(apps, schema_editor):
    roles.grant(apps, roles.SEPARATED_DUTIES)


def enrol_participants(apps, schema_editor):
    """Make everyone who already took part in a speech one of its members, so
    that need-to-know access takes nothing away from the people at work."""
    speech_model = apps.get_model("drafts", "Speech")
    membership = apps.get_model("drafts", "Membership")
    for speech in speech_model.objects.all():
        people = {speech.created_by_id}
        people.update(speech.revisions.values_list("author_id", flat=True))
        for revision in speech.revisions.all():
            people.update(revision.reviews.values_list("reviewer_id", flat=True))
            people.update(revision.comments.values_list("author_id", flat=True))
        membership.objects.bulk_create(
            [membership(speech=speech, user_id=pk) for pk in sorted(people)],
            ignore_conflicts=True,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("drafts", "0005_history_guards"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Membership",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "added_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="加入时间"
                    ),
                ),
            ],
            options={
                "verbose_name": "讲稿成员",
                "verbose_name_plural": "讲稿成员",
                "ordering": ["added_at", "id"],
            },
        ),
        migrations.AlterModelOptions(
            name="speech",
            options={
                "ordering": ["-created_at", "-id"],
                "permissions": [
                    ("view_all_speeches", "可以查看全部讲稿（不必是成员）"),
                    ("manage_members", "可以管理所在讲稿的成员"),
                ],
                "verbose_name": "讲稿",
                "verbose_name_plural": "讲稿",
            },
        ),
        migrations.AddField(
            model_name="membership",
            name="added_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="添加人",
            ),
        ),
        migrations.AddField(
            model_name="membership",
            name="speech",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="memberships",
                to="drafts.speech",
                verbose_name="讲稿",
            ),
        ),
        migrations.AddField(
            model_name="membership",
            name="user",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="memberships",
                to=settings.AUTH_USER_MODEL,
                verbose_name="成员",
            ),
        ),
        migrations.AddField(
            model_name="speech",
            name="members",
            field=models.ManyToManyField(
                related_name="member_of",
                through="drafts.Membership",
                through_fields=("speech", "user"),
                to=settings.AUTH_USER_MODEL,
                verbose_name="成员",
            ),
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.UniqueConstraint(
                fields=("speech", "user"), name="drafts_membership_unique"
            ),
        ),
        migrations.RunPython(enrol_participants, migrations.RunPython.noop),
        migrations.RunPython(grant_member_permissions, restore_review_permission),
    ]

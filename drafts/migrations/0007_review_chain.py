import django.utils.timezone
from django.db import migrations, models

from drafts import db_guards, hashchain


def link_decisions(apps, schema_editor):
    """Chain the decisions already recorded, speech by speech, in the order
    they were recorded. The append-only guards step aside for this one pass."""
    review_model = apps.get_model("drafts", "Review")
    connection = schema_editor.connection
    db_guards.remove(connection)
    previous = {}
    reviews = review_model.objects.select_related("revision").order_by("id")
    for review in reviews:
        speech_id = review.revision.speech_id
        link = previous.get(speech_id) or hashchain.genesis_hash(speech_id)
        entry = hashchain.entry_hash(
            previous_hash=link,
            speech_id=speech_id,
            revision_id=review.revision_id,
            revision_number=review.revision.number,
            content_sha256=review.content_sha256,
            reviewer_id=review.reviewer_id,
            decision=review.decision,
            note=review.note,
            created_at=review.created_at,
        )
        review_model.objects.filter(pk=review.pk).update(
            previous_hash=link, entry_hash=entry
        )
        previous[speech_id] = entry
    db_guards.install(connection)


def reinstall_guards(apps, schema_editor):
    # On SQLite, adding or removing these columns remakes the table and drops
    # its triggers: every guard goes back once the table has its final shape.
    db_guards.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("drafts", "0006_memberships")]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, reinstall_guards),
        migrations.AddField(
            model_name="review",
            name="entry_hash",
            field=models.CharField(
                default="", editable=False, max_length=64, verbose_name="本记录哈希"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="review",
            name="previous_hash",
            field=models.CharField(
                default="", editable=False, max_length=64, verbose_name="前一记录哈希"
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="review",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, editable=False, verbose_name="时间"
            ),
        ),
        migrations.RunPython(link_decisions, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="review",
            constraint=models.UniqueConstraint(
                fields=("previous_hash",), name="drafts_review_chain_linear"
            ),
        ),
        migrations.AddConstraint(
            model_name="review",
            constraint=models.UniqueConstraint(
                fields=("entry_hash",), name="drafts_review_hash_unique"
            ),
        ),
        migrations.RunPython(reinstall_guards, migrations.RunPython.noop),
    ]

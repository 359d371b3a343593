from django.db import migrations

from drafts import db_guards, roles


def grant_review_permissions(apps, schema_editor):
    roles.grant(apps, roles.REVIEW_PERMISSIONS)


def install_guards(apps, schema_editor):
    db_guards.install(schema_editor.connection, history=False)


def remove_review_guards(apps, schema_editor):
    db_guards.remove(schema_editor.connection)
    db_guards.install(schema_editor.connection, reviews=False, history=False)


class Migration(migrations.Migration):
    dependencies = [("drafts", "0003_reviews_and_comments")]

    operations = [
        migrations.RunPython(grant_review_permissions, migrations.RunPython.noop),
        migrations.RunPython(install_guards, remove_review_guards),
    ]

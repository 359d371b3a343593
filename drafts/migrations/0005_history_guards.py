from django.db import migrations

from drafts import db_guards


def install_guards(apps, schema_editor):
    db_guards.install(schema_editor.connection)


def remove_history_guards(apps, schema_editor):
    db_guards.remove(schema_editor.connection)
    db_guards.install(schema_editor.connection, history=False)


class Migration(migrations.Migration):
    dependencies = [("drafts", "0004_review_guards_and_roles")]

    operations = [
        migrations.RunPython(install_guards, remove_history_guards),
    ]

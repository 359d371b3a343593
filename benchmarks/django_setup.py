"""Django for the benchmarks: a database of their own, pages served as in
development (plain static storage, plain HTTP) and no request log lines."""

import logging
import os
from pathlib import Path


def setup_django(folder: Path) -> None:
    """Configure Django on a new SQLite file in *folder* (or DATABASE_URL's
    database, which must be free to fill) and migrate it."""
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "speechsite.settings")
    os.environ.setdefault("HTTPS", "0")  # the test client speaks plain HTTP
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import override_settings, setup_test_environment

    setup_test_environment()
    override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {
                "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
            },
        },
        STATIC_ROOT=str(folder),
    ).enable()
    # One log line per request is for servers; here it would bury the table.
    logging.getLogger("drafts.request").setLevel(logging.WARNING)
    call_command("migrate", verbosity=0)


def load_demo() -> None:
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = True  # load_demo refuses without it: known passwords
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    settings.DEBUG = False

import os

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from drafts import db_grants
from drafts.db_guards import APPEND_ONLY_TABLES

PASSWORD_VARIABLE = "DRAFTS_APP_ROLE_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create or update the PostgreSQL role the application runs as: it reads "
        "and writes but owns nothing, and may only read and insert history. Run "
        "as the owner of the tables after every migrate. The password of a new "
        f"role comes from ${PASSWORD_VARIABLE} (also changes an existing one)."
    )

    def add_arguments(self, parser):
        parser.add_argument("role", help="name of the role, e.g. drafts_app")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, **options):
        role, connection = options["role"], connections[options["database"]]
        if connection.vendor != "postgresql":
            raise CommandError(
                f"grant_app_role 仅适用于 PostgreSQL（only for PostgreSQL），"
                f"当前数据库为 {connection.vendor}。"
            )
        password = os.environ.get(PASSWORD_VARIABLE) or None
        try:
            created = db_grants.app_role_grant(connection, role=role, password=password)
        except db_grants.MissingPassword:
            raise CommandError(
                f"角色“{role}”尚不存在：新建角色需在环境变量 {PASSWORD_VARIABLE} "
                "中给出密码。"
            ) from None
        except db_grants.GrantError as error:
            raise CommandError(str(error)) from error
        except DatabaseError as error:
            raise CommandError(
                f"数据库拒绝了授权，请以表的所有者（并有 CREATEROLE 权限）运行：{error}"
            ) from error
        history = "、".join(APPEND_ONLY_TABLES)
        self.stdout.write(
            f"角色“{role}”已{'创建' if created else '更新'}：可读写普通表；"
            f"{history} 只可读取和新增。"
        )

"""The three roles of the writing office and the permissions each holds."""

from django.contrib.auth.management import create_permissions

EDITORS = "起草人"
REVIEWERS = "审核人"
APPROVERS = "签发人"
ROLE_NAMES = (EDITORS, REVIEWERS, APPROVERS)

VIEW = ["drafts.view_speech", "drafts.view_revision"]
REVIEW_VIEW = ["drafts.view_review", "drafts.view_comment", "drafts.add_comment"]

# The first set is what the groups were created with (migration 0002); the
# review permissions arrived with migration 0004.
ROLE_PERMISSIONS = {
    EDITORS: [*VIEW, "drafts.add_speech", "drafts.add_revision"],
    REVIEWERS: [*VIEW, "drafts.add_revision", "drafts.review_revision"],
    APPROVERS: [*VIEW, "drafts.review_revision", "drafts.approve_final"],
}
REVIEW_PERMISSIONS = {
    EDITORS: REVIEW_VIEW,
    REVIEWERS: REVIEW_VIEW,
    APPROVERS: REVIEW_VIEW,
}
# Migration 0006: editors manage their speeches' members; the approver no
# longer reviews, so nobody takes a text from 待审 to 定稿 alone.
MEMBER_PERMISSIONS = {EDITORS: ["drafts.manage_members"]}
SEPARATED_DUTIES = {APPROVERS: ["drafts.review_revision"]}
# Migration 0010: the staff roles read who downloaded what, in the admin.
DOWNLOAD_PERMISSIONS = {
    REVIEWERS: ["drafts.view_download"],
    APPROVERS: ["drafts.view_download"],
}


def grant_all(apps) -> None:
    """Give the groups the permissions every migration so far has given."""
    grant(apps, ROLE_PERMISSIONS)
    grant(apps, REVIEW_PERMISSIONS)
    grant(apps, MEMBER_PERMISSIONS)
    revoke(apps, SEPARATED_DUTIES)
    grant(apps, DOWNLOAD_PERMISSIONS)


def grant(apps, role_permissions: dict[str, list[str]]) -> None:
    """Give each named group its permissions, creating both as needed."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for name, codenames in role_permissions.items():
        group, _ = group_model.objects.get_or_create(name=name)
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            group.permissions.add(
                permission_model.objects.get(
                    content_type__app_label=app_label, codename=codename
                )
            )


def revoke(apps, role_permissions: dict[str, list[str]]) -> None:
    """Take each named permission away from its group, where both exist."""
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for name, codenames in role_permissions.items():
        for group in group_model.objects.filter(name=name):
            for dotted in codenames:
                app_label, codename = dotted.split(".")
                group.permissions.remove(
                    *permission_model.objects.filter(
                        content_type__app_label=app_label, codename=codename
                    )
                )

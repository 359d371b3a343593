"""The three roles of the writing office and the permissions each holds."""

EDITORS = "起草人"
REVIEWERS = "审核人"
APPROVERS = "签发人"

VIEW = ["drafts.view_speech", "drafts.view_revision"]

ROLE_PERMISSIONS = {
    EDITORS: [*VIEW, "drafts.add_speech", "drafts.add_revision"],
    REVIEWERS: [*VIEW, "drafts.add_revision", "drafts.review_revision"],
    APPROVERS: [*VIEW, "drafts.review_revision", "drafts.approve_final"],
}

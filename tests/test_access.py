"""Need-to-know access: a speech exists only for its members. Every URL that
takes a speech is crawled as a member, as non-members of each kind and as a
reader of everything; lists and counts show only what the user may see."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from drafts import services
from drafts.errors import Forbidden, InvalidInput, NotFound
from drafts.models import Revision
from tests import builders

TEXT = "同志们：\n今年安排重点项目100个。\n谢谢大家！"
EDITED = "同志们：\n今年安排重点项目120个。\n谢谢大家！"


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.name


def speech_routes() -> list[tuple[str, str]]:
    """Return (route, name) for every URL pattern that takes a speech."""
    return [
        (route, name)
        for route, name in _walk(get_resolver().url_patterns)
        if "<str:slug>" in route
    ]


@pytest.fixture
def team(editor, reviewer):
    """A speech of two members with revisions, a decision, a comment and an
    original file: something behind every URL."""
    speech = builders.speech(editor, slug="confidential")
    builders.member(speech, reviewer)
    builders.revision(speech, editor, TEXT)
    second = services.revision_create(
        speech=speech,
        author=editor,
        incoming=services.incoming_from_file("二稿.txt", EDITED.encode("gb18030")),
    )
    services.revision_submit(revision=second, user=editor)
    services.review_record(revision=second, reviewer=reviewer, decision="approve")
    comment = services.comment_add(
        revision=second, paragraph=1, author=reviewer, text="数字再核实。"
    )
    return {"speech": speech, "comment": comment, "other_member": reviewer}


def _url(route: str, team) -> str:
    values = {
        "slug": team["speech"].slug,
        "number": "2",
        "a": "1",
        "b": "2",
        "old": "1",
        "new": "2",
        "pk": str(team["comment"].pk),
        "user_id": str(team["other_member"].pk),
        "first": "1",
        "last": "1",
        "fmt": "docx",
    }
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], route)
    return "/" + path


def _crawl(client, team) -> dict[str, int]:
    """Return each speech URL's status, by GET, or by POST where GET is not
    the URL's method."""
    statuses = {}
    for route, name in speech_routes():
        url = _url(route, team)
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url)
        statuses[name] = response.status_code
    return statuses


def test_the_crawl_reaches_every_page_and_endpoint():
    names = {name for _, name in speech_routes()}
    assert {
        "speech_detail",
        "revision_upload",
        "revision_detail",
        "revision_original",
        "compare",
        "compare_accept",
        "member_add",
        "member_remove",
        "comment_set_resolved",
        "compare_unchanged",
        "api_speech_detail",
        "api_revision_list",
        "api_compare",
        "api_proofread",
        "revision_export",
        "compare_export",
        "api_revision_export",
        "api_compare_export",
    } <= names
    assert len(names) >= 22


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["editor2", "outsider", "member_without_role"])
def test_every_speech_url_is_404_for_a_non_member(who, team, request):
    account = (
        builders.user("nobody")
        if who == "member_without_role"
        else request.getfixturevalue(who)
    )
    if who == "member_without_role":
        builders.member(team["speech"], account)
    client = Client()
    client.force_login(account)
    statuses = _crawl(client, team)
    assert statuses == dict.fromkeys(statuses, 404)
    assert Revision.objects.count() == 2


@pytest.mark.django_db
def test_every_speech_page_answers_a_member(team, editor):
    client = Client()
    client.force_login(editor)
    for route, name in speech_routes():
        url = _url(route, team)
        response = client.get(url)
        if response.status_code == 405:
            # Actions: refused or done, but never "does not exist".
            response = client.post(url)
            assert response.status_code in {200, 201, 302, 400, 403, 409}, (name, url)
        else:
            # compare_pick without a choice sends the user back to the speech.
            assert response.status_code in {200, 302}, (name, url)
            assert "/accounts/login/" not in response.get("Location", "")


@pytest.mark.django_db
def test_a_reader_of_everything_sees_every_page_but_writes_nothing(team, editor2):
    editor2.user_permissions.add(Permission.objects.get(codename="view_all_speeches"))
    client = Client()
    client.force_login(editor2)
    for route, name in speech_routes():
        response = client.get(_url(route, team))
        assert response.status_code in {200, 302, 403, 405}, name
    speech = team["speech"]
    assert client.get(speech.get_absolute_url()).status_code == 200
    with pytest.raises(Forbidden):
        builders.revision(speech, editor2, TEXT + "\n补充。")
    assert speech.revisions.count() == 2


@pytest.mark.django_db
def test_a_superuser_sees_every_speech_but_uploads_only_as_a_member(team):
    admin = builders.user("root")
    admin.is_superuser = True
    admin.save(update_fields=["is_superuser"])
    client = Client()
    client.force_login(admin)
    assert client.get(team["speech"].get_absolute_url()).status_code == 200
    with pytest.raises(Forbidden) as caught:
        builders.revision(team["speech"], admin, TEXT + "\n补充。")
    assert caught.value.code == "not_member"


@pytest.mark.django_db
def test_lists_and_counts_show_only_the_users_speeches(editor, editor2, team):
    builders.speech(editor2, title="另一篇讲话", slug="other")
    client = Client()
    client.force_login(editor2)
    body = client.get(reverse("drafts:speech_list")).content.decode()
    assert "另一篇讲话" in body and "confidential" not in body
    found = client.get(reverse("drafts:speech_list"), {"q": "组织工作"})
    assert "在全市组织工作会议上的讲话" not in found.content.decode()
    api = APIClient()
    api.force_authenticate(editor2)
    listed = api.get(reverse("api_speech_list")).json()
    assert listed["count"] == 1
    assert [s["slug"] for s in listed["results"]] == ["other"]


@pytest.mark.django_db
def test_a_user_with_no_role_sees_nothing_even_as_a_member(team):
    nobody = builders.user("nobody")
    builders.member(team["speech"], nobody)
    client = Client()
    client.force_login(nobody)
    assert (
        "confidential" not in client.get(reverse("drafts:speech_list")).content.decode()
    )
    api = APIClient()
    api.force_authenticate(nobody)
    assert api.get(reverse("api_speech_list")).json()["results"] == []


@pytest.mark.django_db
def test_services_refuse_non_members_as_if_the_speech_did_not_exist(team, editor2):
    second = team["speech"].revisions.get(number=2)
    with pytest.raises(NotFound):
        builders.revision(team["speech"], editor2, TEXT + "\n补充。")
    with pytest.raises(NotFound):
        services.comment_add(revision=second, paragraph=0, author=editor2, text="x")
    with pytest.raises(NotFound):
        services.revision_submit(revision=second, user=editor2)


# Members -----------------------------------------------------------------


def _members(speech) -> set[str]:
    return set(speech.members.values_list("username", flat=True))


@pytest.mark.django_db
def test_the_creator_is_the_first_member(editor):
    speech = services.speech_create(title="新讲话", created_by=editor)
    assert _members(speech) == {"editor"}


@pytest.mark.django_db
def test_an_editor_member_adds_and_removes_members_on_the_page(team, editor, editor2):
    speech = team["speech"]
    client = Client()
    client.force_login(editor)
    page = client.get(speech.get_absolute_url()).content.decode()
    assert 'id="members"' in page and "添加成员" in page
    response = client.post(
        reverse("drafts:member_add", args=[speech.slug]),
        {"user": editor2.pk},
        follow=True,
    )
    assert "已将editor2加入本讲稿成员。" in response.content.decode()
    assert _members(speech) == {"editor", "reviewer", "editor2"}
    client.post(reverse("drafts:member_remove", args=[speech.slug, editor2.pk]))
    assert _members(speech) == {"editor", "reviewer"}


@pytest.mark.django_db
def test_a_reviewer_member_may_not_manage_members(team, reviewer, editor2):
    speech = team["speech"]
    client = Client()
    client.force_login(reviewer)
    page = client.get(speech.get_absolute_url()).content.decode()
    assert "添加成员" not in page and "移出" not in page
    response = client.post(
        reverse("drafts:member_add", args=[speech.slug]),
        {"user": editor2.pk},
        follow=True,
    )
    assert "只有本讲稿中的起草人可以管理成员。" in response.content.decode()
    assert "editor2" not in _members(speech)


@pytest.mark.django_db
def test_removing_a_member_keeps_their_history(team, editor, reviewer):
    speech = team["speech"]
    services.member_remove(speech=speech, user=reviewer, removed_by=editor)
    second = speech.revisions.get(number=2)
    assert second.reviews.filter(reviewer=reviewer).count() == 1
    assert second.comments.filter(author=reviewer).count() == 1
    client = Client()
    client.force_login(editor)
    page = client.get(second.get_absolute_url()).content.decode()
    assert "数字再核实。" in page and "reviewer" in page
    client.force_login(reviewer)
    assert client.get(second.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_the_last_member_stays(editor):
    speech = builders.speech(editor)
    with pytest.raises(InvalidInput) as caught:
        services.member_remove(speech=speech, user=editor, removed_by=editor)
    assert caught.value.code == "last_member"
    assert _members(speech) == {"editor"}


@pytest.mark.django_db
def test_commands_add_and_remove_members(team, editor2):
    from io import StringIO

    from django.core.management import CommandError, call_command

    speech = team["speech"]
    call_command("add_member", speech.slug, "editor2", stdout=StringIO())
    assert "editor2" in _members(speech)
    with pytest.raises(CommandError, match="已是本讲稿的成员"):
        call_command("add_member", speech.slug, "editor2", stdout=StringIO())
    with pytest.raises(CommandError, match="不存在"):
        call_command("add_member", speech.slug, "nobody", stdout=StringIO())
    with pytest.raises(CommandError, match="只有本讲稿中的起草人"):
        call_command(
            "remove_member", speech.slug, "editor2", by="reviewer", stdout=StringIO()
        )
    call_command("remove_member", speech.slug, "editor2", stdout=StringIO())
    assert "editor2" not in _members(speech)


@pytest.mark.django_db
def test_admin_changelists_show_only_visible_speeches(team, reviewer, editor2):
    reviewer.is_staff = True
    reviewer.save(update_fields=["is_staff"])
    hidden = builders.speech(editor2, title="保密讲话", slug="hidden")
    builders.revision(hidden, editor2, "保密内容第一段。")
    client = Client()
    client.force_login(reviewer)
    for model in ("speech", "revision", "review", "comment"):
        page = client.get(reverse(f"admin:drafts_{model}_changelist"))
        assert page.status_code == 200
        assert "保密" not in page.content.decode(), model
    change = reverse("admin:drafts_speech_change", args=[hidden.pk])
    missing = reverse("admin:drafts_speech_change", args=[hidden.pk + 1000])
    # A speech the user may not see answers exactly like one that does not exist.
    assert client.get(change).url == client.get(missing).url
    revision = hidden.revisions.get()
    page = client.get(reverse("admin:drafts_revision_change", args=[revision.pk]))
    assert page.status_code == 302 and "保密" not in page.content.decode()


@pytest.mark.django_db
def test_admin_adds_and_removes_members_through_the_service(team, editor2):
    admin = builders.user("root")
    admin.is_superuser = admin.is_staff = True
    admin.save(update_fields=["is_superuser", "is_staff"])
    speech = team["speech"]
    client = Client()
    client.force_login(admin)
    url = reverse("admin:drafts_speech_change", args=[speech.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        **{name: form.initial.get(name, "") for name in form.fields},
        **_inline_management(page),
        "memberships-2-user": editor2.pk,
        "memberships-2-speech": speech.pk,
    }
    data["memberships-TOTAL_FORMS"] = "3"
    client.post(url, data)
    assert _members(speech) == {"editor", "reviewer", "editor2"}
    assert speech.memberships.get(user=editor2).added_by == admin


def _inline_management(page) -> dict:
    data = {}
    for formset in page.context["inline_admin_formsets"]:
        prefix = formset.formset.prefix
        management = formset.formset.management_form
        for name, field in management.fields.items():
            data[f"{prefix}-{name}"] = management.initial.get(name, field.initial)
        for index, form in enumerate(formset.formset.initial_forms):
            data[f"{prefix}-{index}-id"] = form.instance.pk
            data[f"{prefix}-{index}-speech"] = form.instance.speech_id
    return data

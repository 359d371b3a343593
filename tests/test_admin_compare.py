"""The admin's revision page shows the comparisons the site draws."""

import re

import pytest
from django.urls import reverse

from drafts import services
from drafts.models import Revision
from tests import builders

FIRST = "同志们：\n今年共有57项任务。\n希望大家认真落实。"
SECOND = "同志们：\n今年共有58项任务。\n希望大家认真落实。"
THIRD = "同志们：\n今年共有58项任务，<b>务必</b> & 完成。\n希望大家认真落实。"


def staff(user):
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def change_url(revision) -> str:
    return reverse("admin:drafts_revision_change", args=[revision.pk])


def section(html: str, title: str) -> str:
    found = html.split(f'<section class="embedded-compare" aria-label="{title}">')[1]
    return found.split('<section class="embedded-compare"')[0]


@pytest.fixture
def chain(speech, editor, editor2, reviewer, approver):
    """Three revisions; the second is the final text."""
    builders.revision(speech, editor, FIRST)
    second = builders.revision(speech, editor2, SECOND)
    services.revision_submit(revision=second, user=editor2)
    services.review_record(revision=second, reviewer=reviewer, decision="approve")
    services.review_record(
        revision=second, reviewer=approver, decision="final_approval"
    )
    builders.revision(speech, editor, THIRD)
    return [Revision.objects.get(speech=speech, number=n) for n in (1, 2, 3)]


@pytest.fixture
def admin_client(client, reviewer):
    client.force_login(staff(reviewer))
    return client


@pytest.mark.django_db
def test_revision_change_page_compares_with_its_base_and_the_final_text(
    admin_client, chain
):
    response = admin_client.get(change_url(chain[2]))
    html = response.content.decode()
    assert response.status_code == 200
    base = section(html, "与基准版本（第2版）比较")
    assert "第2版 → 第3版" in base
    assert '<section class="row chg k-modified" id="base-c-1"' in base
    assert '<span class="badge">修改</span>' in base
    final = section(html, "与定稿（第2版）比较")
    assert 'id="final-c-1"' in final
    assert "drafts/compare.css" in html


@pytest.mark.django_db
def test_the_final_revision_is_compared_with_its_base_only(admin_client, chain):
    html = admin_client.get(change_url(chain[1])).content.decode()
    base = section(html, "与基准版本（第1版）比较")
    assert '<del class="mini">7</del>' in base and '<ins class="mini">8</ins>' in base
    assert "<del>57项</del>" in base and "<ins>58项</ins>" in base  # figures
    assert "与定稿" not in html


@pytest.mark.django_db
def test_the_first_revision_is_compared_with_the_final_text(admin_client, chain):
    html = admin_client.get(change_url(chain[0])).content.decode()
    final = section(html, "与定稿（第2版）比较")
    assert "第1版 → 第2版" in final
    assert "与基准版本" not in html


@pytest.mark.django_db
def test_a_lone_first_revision_says_there_is_nothing_to_compare(
    admin_client, speech, editor
):
    first = builders.revision(speech, editor, FIRST)
    html = admin_client.get(change_url(first)).content.decode()
    assert "没有可显示的比较" in html


@pytest.mark.django_db
def test_admin_comparison_escapes_user_text(admin_client, chain):
    html = admin_client.get(change_url(chain[2])).content.decode()
    base = section(html, "与基准版本（第2版）比较")
    assert "<ins>，&lt;b&gt;务必&lt;/b&gt; &amp; 完成</ins>" in base
    assert "<b>务必</b>" not in html


@pytest.mark.django_db
def test_admin_revision_page_stays_read_only_with_its_actions(admin_client, chain):
    html = admin_client.get(change_url(chain[2])).content.decode()
    assert 'name="_save"' not in html and 'name="_continue"' not in html
    assert not re.search(r'<textarea name="text"', html)
    assert "删除" not in html.split('id="content-main"')[1].split("</form>")[0]
    response = admin_client.post(change_url(chain[2]), {"text": "改写"})
    assert response.status_code == 403
    assert Revision.objects.get(pk=chain[2].pk).text == THIRD
    changelist = admin_client.get(reverse("admin:drafts_revision_changelist"))
    assert 'value="approve_revisions"' in changelist.content.decode()


@pytest.mark.django_db
def test_admin_folds_unchanged_paragraphs_without_scripts(admin_client, speech, editor):
    paragraphs = [f"第{n}段：没有改动的讲话内容。" for n in range(10)]
    builders.revision(speech, editor, "\n".join(paragraphs))
    paragraphs[5] = "第5段：改动了的讲话内容。"
    second = builders.revision(speech, editor, "\n".join(paragraphs))
    html = admin_client.get(change_url(second)).content.decode()
    base = section(html, "与基准版本（第1版）比较")
    assert '<details class="fold"><summary class="fold-toggle">4 段未改动' in base
    assert "第0段" in base and "第9段" in base
    assert "compare.js" not in html

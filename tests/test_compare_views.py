"""The pages around comparing revisions: list, timeline, revision, compare."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from drafts import comparing, services
from drafts.diffing import compare_texts
from drafts.diffing.compact import compact, expand
from drafts.models import Revision, RevisionDigest
from tests import builders

PARAGRAPHS = [
    f"第{n}段：这是一段没有改动的讲话内容，共有{n}项工作。" for n in range(10)
]


def compare_url(a, b, slug="organization-work", **query):
    url = reverse("drafts:compare", kwargs={"slug": slug, "a": a, "b": b})
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def revision(number, slug="organization-work") -> Revision:
    return Revision.objects.get(speech__slug=slug, number=number)


def change_ids(html: str) -> list[str]:
    return re.findall(r'<section class="row chg[^"]*" id="(c-\d+)"', html)


# The speech list and the speech page


def test_speech_list_shows_title_occasion_latest_revision_and_status(demo_client):
    html = page(demo_client, reverse("drafts:speech_list"))
    assert "在全市组织工作会议上的讲话" in html
    assert "全市组织工作会议" in html
    assert "第6版" in html and "李执笔" in html
    assert 'class="status status-' in html


def test_speech_list_searches_by_title(demo_client):
    html = page(demo_client, reverse("drafts:speech_list") + "?q=安全生产")
    assert "安全生产工作会议上的讲话" in html
    assert "在全市组织工作会议上的讲话" not in html


def test_speech_page_draws_a_change_bar_per_revision_scaled_to_the_largest(
    demo_client,
):
    html = page(
        demo_client, reverse("drafts:speech_detail", args=["organization-work"])
    )
    # Characters inserted, deleted and moved against the base, worked out by
    # hand from the demo chain: the move of revision 3 is the largest.
    sizes = {2: (65, 38), 3: (171, 100), 4: (8, 5), 5: (20, 12), 6: (3, 2)}
    assert html.count('class="bar-fill"') == 5
    for number, (size, width) in sizes.items():
        assert f"{size} 字 · 对比第{number - 1}版" in html
        assert compare_url(number - 1, number) in html
        assert f'class="bar-fill" width="{width}"' in html
    assert "初稿" in html


def test_speech_page_lists_revision_details_and_offers_to_compare(demo_client):
    html = page(
        demo_client, reverse("drafts:speech_detail", args=["organization-work"])
    )
    first = revision(1)
    assert "核对日期和任务数；改写结束语" in html
    assert f'<td class="num">{first.char_count}</td>' in html
    assert first.get_review_state_display() in html
    assert reverse("drafts:compare_pick", args=["organization-work"]) in html
    assert '<select name="a"' in html and '<select name="b"' in html
    assert '<option value="5" selected>第5版</option>' in html
    assert reverse("drafts:revision_upload", args=["organization-work"]) in html


def test_change_size_is_computed_once_and_kept(demo):
    latest = revision(6)
    size = comparing.change_size(latest)
    stats = compare_texts(revision(5).text, latest.text).stats
    assert size == stats.inserted_chars + stats.deleted_chars
    assert RevisionDigest.objects.get(revision=latest).change_size == size
    cache.clear()
    assert comparing.change_size(latest) == size
    key = comparing.cache_key(
        revision(5), latest, granularity="char", ignore_punct_width=False
    )
    assert cache.get(key) is None  # the digest answered; nothing was compared
    assert comparing.change_size(revision(1)) is None


# The revision page


@pytest.mark.django_db
def test_revision_page_shows_speaking_time_at_the_configured_rate(
    editor_client, speech, editor, settings
):
    builders.revision(speech, editor, "字" * 440)
    url = reverse("drafts:revision_detail", args=[speech.slug, 1])
    assert "讲话约 2分00秒" in page(editor_client, url)
    settings.DRAFTS_CHARS_PER_MINUTE = 110
    html = page(editor_client, url)
    assert "讲话约 4分00秒" in html
    assert "440 字" in html
    assert "每分钟 110 字" in html


def test_revision_page_numbers_paragraphs_and_links_to_its_base(demo_client):
    html = page(
        demo_client, reverse("drafts:revision_detail", args=["organization-work", 6])
    )
    assert '<p id="p1"><span class="pno">1</span>' in html
    assert compare_url(5, 6) in html
    assert "与基准（上一版）比较" in html
    assert "与定稿比较" not in html


@pytest.mark.django_db
def test_revision_page_links_to_base_previous_and_final(
    editor_client, speech, editor, editor2, reviewer, approver
):
    first = builders.revision(speech, editor, "第一稿\n共有57项任务。")
    second = builders.revision(speech, editor2, "第二稿\n共有58项任务。")
    services.revision_submit(revision=second, user=editor2)
    services.review_record(revision=second, reviewer=reviewer, decision="approve")
    services.review_record(
        revision=second, reviewer=approver, decision="final_approval"
    )
    builders.revision(
        speech, editor, "第三稿\n共有59项任务。", base=first, confirm=True
    )
    html = page(editor_client, reverse("drafts:revision_detail", args=[speech.slug, 3]))
    slug = speech.slug
    assert compare_url(1, 3, slug=slug) in html and "与基准版本比较" in html
    assert compare_url(2, 3, slug=slug) in html and "与上一版比较" in html
    assert compare_url(3, 2, slug=slug) in html and "与定稿比较" in html
    final_page = page(editor_client, reverse("drafts:revision_detail", args=[slug, 2]))
    assert "与定稿比较" not in final_page
    first_page = page(editor_client, reverse("drafts:revision_detail", args=[slug, 1]))
    assert compare_url(1, 2, slug=slug) in first_page


# The compare page


def test_compare_page_shows_both_revisions_and_every_change(demo_client):
    html = page(demo_client, compare_url(1, 6))
    assert change_ids(html) == [f"c-{n}" for n in range(1, 13)]
    assert "第1版（旧）" in html and "第6版（新）" in html
    for kind in ("修改", "移动", "拆分", "合并"):
        assert f'<span class="badge">{kind}</span>' in html
    assert '<ins class="mini">6</ins>' in html and '<del class="mini">5</del>' in html


def test_compare_page_works_in_both_orders(demo_client):
    forward, backward = (
        page(demo_client, compare_url(1, 6)),
        page(demo_client, compare_url(6, 1)),
    )
    assert "第6版（旧）" in backward and "第1版（新）" in backward
    assert (
        '<ins class="mini">5</ins>' in backward
        and '<del class="mini">6</del>' in backward
    )
    assert "拆分" in forward and "合并" in backward
    assert compare_url(6, 1) in forward  # the swap link


def test_compare_page_of_a_revision_with_itself_says_they_are_the_same(demo_client):
    html = page(demo_client, compare_url(4, 4))
    assert "两个版本内容相同" in html
    assert change_ids(html) == []


def _drawn(response) -> tuple[bool, str]:
    """Return whether the page drew its changes, and the drawn part."""
    drew = "drafts/compare/change.html" in [t.name for t in response.templates]
    html = response.content.decode()
    start = html.index('<div class="diff-wrap">')
    return drew, html[start : html.index("</nav>", start)]


def test_drawn_changes_are_kept_and_drawn_anew_for_other_choices(demo_client):
    drew, cold = _drawn(demo_client.get(compare_url(1, 6)))
    response = demo_client.get(compare_url(1, 6))
    again, warm = _drawn(response)
    assert drew and not again and warm == cold
    # The summary and findings panels are kept with them.
    drawn = {t.name for t in response.templates}
    assert not drawn & {"drafts/compare/summary.html", "drafts/compare/findings.html"}
    assert "数字变化" in response.content.decode()
    for query in [
        {"view": "inline"},
        {"hide_cosmetic": 1},
        {"granularity": "word"},
        {"ignore_punct": 1},
        {"ignore_script": 1},
    ]:
        drew, html = _drawn(demo_client.get(compare_url(1, 6, **query)))
        assert drew and html != cold, query
    # No query now, but the single-column view chosen above is remembered.
    drew, html = _drawn(demo_client.get(compare_url(1, 6)))
    assert drew and 'class="diff view-inline' in html
    drew, other = _drawn(demo_client.get(compare_url(2, 6, view="side")))
    assert drew and other != cold


def test_a_page_drawn_before_reads_no_comparison(demo_client):
    drew, cold = _drawn(demo_client.get(compare_url(1, 6)))
    options = {"granularity": "char", "ignore_punct_width": False}
    key = comparing.cache_key(revision(1), revision(6), **options)
    cache.delete_many([key, "drafts:page:" + key])
    response = demo_client.get(compare_url(1, 6))
    # Neither computed again nor read: the kept drawing and count suffice.
    assert response["Server-Timing"].startswith('comparison;desc="cache";')
    assert _drawn(response) == (False, cold)
    assert cache.get(key) is None


def test_compare_page_draws_only_the_chosen_view_and_remembers_it(demo_client):
    side = page(demo_client, compare_url(1, 6))
    assert 'class="diff view-side' in side
    assert 'class="side old"' in side and 'class="uni"' not in side
    assert 'class="diff view-side' in page(demo_client, compare_url(1, 6, view="bad"))
    inline = page(demo_client, compare_url(1, 6, view="inline"))
    assert 'class="diff view-inline' in inline
    assert 'class="uni"' in inline and 'class="side old"' not in inline
    assert 'data-view="inline" href="?view=inline" aria-current="true"' in inline
    # Remembered for the next comparison, whatever its revisions.
    assert 'class="diff view-inline' in page(demo_client, compare_url(2, 3))
    assert 'class="diff view-inline' in page(demo_client, compare_url(2, 3, view="x"))


def test_compare_page_diffs_by_word_on_request(demo_client):
    by_char = page(demo_client, compare_url(4, 5, view="inline"))
    by_word = page(demo_client, compare_url(4, 5, granularity="word"))
    assert '<del class="mini">5</del><ins class="mini">6</ins>' in by_char
    assert '<del class="mini">25</del><ins class="mini">26</ins>' in by_word
    assert '<option value="word" selected>' in by_word


def test_compare_page_can_ignore_punctuation_width(demo_client):
    plain = page(demo_client, compare_url(1, 2))
    ignoring = page(demo_client, compare_url(1, 2, ignore_punct=1))
    assert "tag-width" in plain and "仅全角半角" in plain
    assert "tag-width" not in ignoring
    assert len(change_ids(ignoring)) == 1 < len(change_ids(plain))
    assert 'name="ignore_punct" id="id_ignore_punct" checked' in ignoring


@pytest.mark.django_db
def test_compare_page_tags_script_and_width_and_counts_them(
    editor_client, speech, editor
):
    text = "同志们：\n这次会议很重要。\n全年投资1200亿元。\n一、抓好落实"
    builders.revision(speech, editor, text)
    changed = (
        text.replace("会议很重要", "會議很重要")
        .replace("1200", "１２００")
        .replace("一、", "二、")
    )
    builders.revision(speech, editor, changed)
    plain = page(editor_client, compare_url(1, 2, slug=speech.slug))
    assert "tag-script" in plain and "仅繁简" in plain
    assert "tag-width" in plain and "tag-renumbering" in plain
    assert "其中仅全角半角 1 处、仅繁简 1 处、仅序号变化 1 处" in plain
    assert 'name="ignore_script" id="id_ignore_script"' in plain
    assert "忽略繁简差异" in plain
    ignoring = page(editor_client, compare_url(1, 2, slug=speech.slug, ignore_script=1))
    assert "tag-script" not in ignoring and "tag-width" in ignoring
    assert 'name="ignore_script" id="id_ignore_script" checked' in ignoring
    assert len(change_ids(ignoring)) == len(change_ids(plain)) - 1


def test_compare_page_marks_cosmetic_changes_and_can_hide_them(demo_client):
    html = page(demo_client, compare_url(3, 4))
    assert html.count("tag-renumbering") == 2
    assert '<span class="tag">仅序号变化</span>' in html
    assert 'class="mark k-modified tagged"' in html
    assert "hide-cosmetic" not in html.split('id="diff"')[1].split(">")[0]
    hidden = page(demo_client, compare_url(3, 4, hide_cosmetic=1))
    assert 'class="diff view-side hide-cosmetic"' in hidden


def test_compare_page_links_a_moved_paragraph_to_where_it_left(demo_client):
    html = page(demo_client, compare_url(2, 3))
    moved = re.search(r'id="(c-\d+)"[^>]*aria-label="第\d+处改动：移动"', html)
    target = moved.group(1)
    origin = "m-" + target[2:]
    assert f'<div class="row moved-from" id="{origin}">' in html
    assert f'已移至 <a href="#{target}">' in html
    assert f'<a class="movelink" href="#{origin}">自原第' in html
    assert html.index(f'id="{origin}"') < html.index(f'id="{target}"')
    # The origin is above the moved paragraph: its link points up, and the
    # origin's link to where the paragraph went points down.
    assert f'<a class="movelink" href="#{origin}">自原第3段移来 ↑</a>' in html
    assert f'<a href="#{target}">第4段 ↓</a>' in html


@pytest.mark.django_db
def test_move_links_point_the_way_they_go(editor_client, speech, editor):
    paragraphs = [f"第{n}段：这一段讲的是第{n}件事情，内容各不相同。" for n in range(6)]
    builders.revision(speech, editor, "\n".join(paragraphs))
    builders.revision(speech, editor, "\n".join([paragraphs[5], *paragraphs[:5]]))
    html = page(editor_client, compare_url(1, 2, slug=speech.slug))
    # The last paragraph moved to the top: its origin is below it.
    assert "自原第6段移来 ↓</a>" in html
    assert "第1段 ↑</a>" in html


def test_compare_page_groups_split_and_merged_paragraphs(demo_client):
    html = page(demo_client, compare_url(3, 4))
    split = html.split('aria-label="第1处改动：拆分"')[1].split("</section>")[0]
    assert "原第14段 → 第14–15段" in split
    new_side = split.split('<div class="side new">')[1].split("</div>")[0]
    assert new_side.count("<p>") == 2
    merged = html.split("改动：合并")[1].split("</section>")[0]
    assert "原第17–18段 → 第18段" in merged
    inline = page(demo_client, compare_url(3, 4, view="inline"))
    merged = inline.split("改动：合并")[1].split("</section>")[0]
    assert '<del>¶1、</del><ins class="mini">首先</ins>' in merged


def test_compare_page_folds_unchanged_paragraphs_keeping_context(
    editor_client, speech, editor
):
    old = "\n".join(PARAGRAPHS)
    new = old.replace("共有4项工作", "共有5项工作")
    builders.revision(speech, editor, old)
    builders.revision(speech, editor, new)
    html = page(editor_client, compare_url(1, 2, slug=speech.slug))
    assert html.count('class="fold-toggle"') == 2
    assert ">3 段未改动</a>" in html and ">4 段未改动</a>" in html
    assert html.count('<div class="fold-body" id="f-1-body" hidden></div>') == 1
    before, after = html.split('id="c-1"')
    assert before.rindex("第3段") > before.rindex('class="fold-body"')
    assert "第5段" in after.split('class="fold-toggle"')[0]
    # Folded paragraphs are not sent: their text arrives when a fold opens.
    assert "第0段：" not in html and "第9段：" not in html
    first = reverse("drafts:compare_unchanged", args=[speech.slug, 1, 2, 1, 3])
    assert f'href="{first}"' in html
    fragment = page(editor_client, first + "?fragment=1")
    assert "第0段：" in fragment and "第2段：" in fragment and "第3段：" not in fragment
    assert "<html" not in fragment
    standalone = page(editor_client, first)
    assert "<html" in standalone and "未改动的段落" in standalone
    last = reverse("drafts:compare_unchanged", args=[speech.slug, 1, 2, 7, 10])
    assert "第9段" in page(editor_client, last + "?fragment=1")
    beyond = reverse("drafts:compare_unchanged", args=[speech.slug, 1, 2, 5, 5])
    assert editor_client.get(beyond).status_code == 404  # a change, not unchanged


def test_compare_page_summarises_the_change(demo_client):
    html = page(demo_client, compare_url(1, 6))
    assert "+68 字" in html and "−60 字" in html
    assert '<dd class="similarity">99.0%</dd>' in html
    assert "6682 → 6690 字（+8 字）" in html
    assert '<span class="badge">修改</span> 9 处' in html
    assert '<span class="badge">移动</span> 1 处' in html
    # 6,682 characters at 220 a minute.
    assert "约 30分22秒 → 30分25秒" in html


def test_summary_speaking_time_follows_the_length(settings, demo):
    settings.DRAFTS_CHARS_PER_MINUTE = 60
    old, new = Revision(char_count=120), Revision(char_count=90)
    summary = comparing.summary(
        {"kinds": {}, "inserted_chars": 0, "deleted_chars": 30, "similarity": 80},
        old,
        new,
    )
    assert summary["old_time"] == "2分00秒" and summary["new_time"] == "1分30秒"
    assert summary["time_delta"] == "−30秒"
    assert summary["length_delta"] == "−30 字"


def test_compare_page_lists_changed_figures_of_the_demo(demo_client):
    html = page(demo_client, compare_url(1, 6))
    panel = html.split('class="figures card"')[1].split("</details>")[0]
    assert "<del>1月25日</del>" in panel and "<ins>1月26日</ins>" in panel
    assert "<del>57项</del>" in panel and "<ins>58项</ins>" in panel
    assert "<mark>58项</mark>任务" in panel
    assert re.search(r'<a href="#c-\d+">原第3段 → 第4段</a>', panel)
    safety = page(demo_client, compare_url(1, 3, slug="safety-production"))
    panel = safety.split('class="figures card"')[1].split("</details>")[0]
    assert "<del>1.2万处</del>" in panel and "<ins>1.3万处</ins>" in panel
    assert "<ins>98.6%</ins>" in panel and "新增" in panel
    assert "<ins>2次</ins>" in panel


def test_compare_page_says_when_no_figure_changed(demo_client):
    html = page(demo_client, compare_url(5, 6))
    assert "没有数字、百分比、日期或金额发生变化。" in html


def test_compare_page_draws_a_map_mark_per_change(demo_client):
    html = page(demo_client, compare_url(1, 6))
    marks = re.findall(r'<a class="mark [^"]*" href="#(c-\d+)"', html)
    assert marks == change_ids(html)


def test_compare_page_uses_no_inline_script_style_or_handler(demo_client):
    html = page(demo_client, compare_url(1, 6))
    assert re.findall(r"<script[^>]*>", html) == [
        '<script src="/static/drafts/compare.js" defer>'
    ]
    assert "style=" not in html
    assert not re.search(r"\son[a-z]+=", html)


def test_compare_page_cost_does_not_grow_with_the_changes(
    demo_client, django_assert_max_num_queries
):
    page(demo_client, compare_url(1, 6))  # the digests of 1 and 6, made once
    with django_assert_max_num_queries(7):
        page(demo_client, compare_url(1, 6))
    cache.clear()  # the comparison computed again; the digests are kept
    with django_assert_max_num_queries(8):
        page(demo_client, compare_url(1, 6))


def test_compare_page_caches_the_comparison(demo_client):
    old, new = revision(1), revision(6)
    key = comparing.cache_key(old, new, granularity="word", ignore_punct_width=True)
    assert cache.get(key) is None
    first = page(demo_client, compare_url(1, 6, granularity="word", ignore_punct=1))
    cached = cache.get(key)
    expected = compare_texts(
        old.text, new.text, granularity="word", ignore_punct_width=True
    )
    assert cached == compact(expected.to_dict())  # no unchanged text kept
    assert expand(cached, new.text) == expected.to_dict()
    again = page(demo_client, compare_url(1, 6, granularity="word", ignore_punct=1))
    assert again.split('id="diff"')[1] == first.split('id="diff"')[1]
    other = comparing.cache_key(old, new, granularity="char", ignore_punct_width=True)
    assert cache.get(other) is None


def test_compare_page_says_in_server_timing_whether_the_cache_served_it(
    demo_client,
):
    timing = r'^comparison;desc="(computed|cache)";dur=\d+\.\d$'
    first = demo_client.get(compare_url(1, 6))["Server-Timing"]
    again = demo_client.get(compare_url(1, 6))["Server-Timing"]
    other = demo_client.get(compare_url(1, 6, granularity="word"))["Server-Timing"]
    assert re.match(timing, first).group(1) == "computed"
    assert re.match(timing, again).group(1) == "cache"
    assert re.match(timing, other).group(1) == "computed"


def test_cached_comparison_is_keyed_by_both_texts(demo):
    old, new = revision(1), revision(6)
    key = comparing.cache_key(old, new, granularity="char", ignore_punct_width=False)
    assert old.text_sha256 in key and new.text_sha256 in key
    reverse_key = comparing.cache_key(
        new, old, granularity="char", ignore_punct_width=False
    )
    assert key != reverse_key


def test_compare_pick_redirects_to_the_permalink_keeping_options(demo_client):
    url = reverse("drafts:compare_pick", args=["organization-work"])
    response = demo_client.get(url + "?a=5&b=2&granularity=word&view=inline")
    assert response.status_code == 302
    assert response["Location"] == compare_url(5, 2, granularity="word", view="inline")


def test_compare_pick_without_a_valid_choice_returns_to_the_speech(demo_client):
    url = reverse("drafts:compare_pick", args=["organization-work"])
    response = demo_client.get(url + "?a=1&b=99", follow=True)
    assert response.redirect_chain[-1][0] == "/speeches/organization-work/"
    assert "请选择要比较的两个版本。" in response.content.decode()


# Not found, not logged in, and escaping


@pytest.mark.parametrize(
    "url",
    [
        compare_url(1, 2, slug="no-such-speech"),
        compare_url(1, 99),
        compare_url(99, 1),
        compare_url(1, 99_999_999_999_999),
        compare_url(1, 6, slug="safety-production"),
        reverse("drafts:compare_pick", args=["no-such-speech"]),
        reverse("drafts:revision_detail", args=["safety-production", 6]),
    ],
)
def test_unknown_speech_or_revision_gets_the_chinese_404(demo_client, url):
    response = demo_client.get(url)
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [compare_url(1, 6), reverse("drafts:compare_pick", args=["organization-work"])],
)
def test_compare_pages_require_login(client, demo, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_compare_page_escapes_user_text(editor_client, editor):
    speech = builders.speech(editor, title='讲话<b>"稿"</b> & 致辞', slug="escape")
    builders.revision(speech, editor, "开头\n原文<i>斜体</i>", note="<em>初稿</em>")
    builders.revision(
        speech,
        editor,
        "开头\n原文<script>alert('x')</script> & \"引号\" 共3项",
        note="<script>note()</script>",
    )
    html = page(editor_client, compare_url(1, 2, slug="escape"))
    assert "<script>alert" not in html and "<script>note" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "&amp; &quot;引号&quot;" in html
    assert "&lt;i&gt;斜体&lt;/i&gt;" in html
    assert "讲话&lt;b&gt;&quot;稿&quot;&lt;/b&gt; &amp; 致辞" in html
    assert "&lt;em&gt;初稿&lt;/em&gt;" in html
    assert "<i>" not in html and "<b>" not in html


def test_demo_angle_bracket_shows_as_text(demo_client):
    assert '<del class="mini punct">&lt;</del>' in page(demo_client, compare_url(5, 6))
    assert '<ins class="mini punct">&lt;</ins>' in page(demo_client, compare_url(6, 5))
    first = reverse("drafts:revision_detail", args=["organization-work", 1])
    html = page(demo_client, first)
    # The proofreader marks the nested title: the "<" sits in a <mark>, as text.
    assert "十六届四中全会<mark" in html
    assert "&lt;</mark>决定" in html
    assert "<决定" not in html


def test_similarity_reads_100_only_for_texts_that_do_not_differ():
    assert comparing.similarity_label(100.0, changed=False) == "100%"
    assert comparing.similarity_label(99.97, changed=True) == "99.97%"
    assert comparing.similarity_label(100.0, changed=True) == "99.99%"
    assert comparing.similarity_label(87.34, changed=True) == "87.3%"


def test_a_changed_figure_in_a_long_text_is_not_100_percent(demo_client):
    html = page(demo_client, compare_url(4, 5))
    assert '<dd class="similarity">99.' in html
    assert "100.0%" not in html


def test_a_moved_paragraph_counts_in_the_change_size(demo):
    moved_only = revision(3)  # a paragraph moved, and one sentence rewritten
    changes = compare_texts(revision(2).text, moved_only.text).to_dict()["changes"]
    [move] = [c for c in changes if c["kind"] == "moved"]
    moved_chars = sum(len(text) for op, text in move["segments"] if op == "equal")
    stats = compare_texts(revision(2).text, moved_only.text).stats
    assert comparing.change_size(moved_only) == (
        stats.inserted_chars + stats.deleted_chars + moved_chars
    )
    assert moved_chars > 50


@pytest.mark.django_db
def test_a_moved_merge_links_to_where_its_paragraphs_stood(
    editor_client, speech, editor
):
    from tests.diffing.test_partners import ORIGINAL, OTHERS

    old = [OTHERS[0], ORIGINAL, OTHERS[1], OTHERS[2], OTHERS[3], OTHERS[4]]
    new = [OTHERS[0], OTHERS[3], OTHERS[4], ORIGINAL + OTHERS[1], OTHERS[2]]
    builders.revision(speech, editor, "\n".join(old))
    builders.revision(speech, editor, "\n".join(new))
    html = page(editor_client, compare_url(1, 2, slug=speech.slug, hide_cosmetic=1))
    merged = html.split("改动：合并")[1].split("</section>")[0]
    assert '<span class="tag">已移动</span>' in merged
    assert "自原第2–3段移来 ↑</a>" in merged
    assert "原第2–3段已移至" in html
    # Having moved does not make it cosmetic: hiding cosmetic changes keeps it.
    assert "tagged" not in html.split("改动：合并")[0].rsplit("<section", 1)[1]

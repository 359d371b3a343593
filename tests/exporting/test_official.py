"""A revision as an official document (公文格式), read back with python-docx,
the project's own .docx reader and plain XML."""

import io
import subprocess
import sys
import zipfile
from datetime import UTC, datetime

import docx
from docx.shared import Mm, Pt
from lxml import etree

from drafts.demo.chain import organization_chain
from drafts.diffing import split_paragraphs
from drafts.exporting import DocumentInfo, revision_docx
from drafts.exporting.official import heading_of
from drafts.importers import read_upload
from tests.exporting.reader import NS, W

TITLE = "在全市组织工作会议上的讲话"
APPROVED_AT = datetime(2026, 3, 5, 8, 0, tzinfo=UTC)
INFO = DocumentInfo(
    title=TITLE,
    author="王起草",
    created_at=datetime(2026, 3, 2, 1, 30, tzinfo=UTC),
    subject="第6版",
    status="定稿",
    custom=(("批准定稿人", "赵签发"), ("批准定稿时间", APPROVED_AT)),
)
HEADINGS = [
    "同志们：",
    "一、认清形势，牢牢把握组织工作的正确方向",
    "（一）工作目标",
    "1.加强学习。要把学习放在首位，持之以恒。",
    "（1）小项不另排字体。",
]


def _part(data: bytes, name: str):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def _attr(element, name: str) -> str:
    return element.get(f"{{{W}}}{name}")


def test_text_reads_back_as_title_then_paragraphs():
    paragraphs = split_paragraphs(organization_chain()[-1].text)
    data = revision_docx(TITLE, paragraphs, INFO)
    opened = docx.Document(io.BytesIO(data))
    assert [p.text for p in opened.paragraphs] == [TITLE, *paragraphs]
    # What Drafts itself reads from an upload of the file.
    assert read_upload("定稿.docx", data).text.split("\n") == [TITLE, *paragraphs]


def test_page_is_a4_with_the_standard_margins():
    section = docx.Document(
        io.BytesIO(revision_docx(TITLE, ["正文。"], INFO))
    ).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin]
    margins += [section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]
    assert section.page_height - section.top_margin - section.bottom_margin > Mm(224)


def test_title_body_and_headings_use_the_official_fonts_and_sizes():
    data = revision_docx(TITLE, HEADINGS, INFO)
    styles = _part(data, "word/styles.xml")

    def style(style_id):
        return styles.find(f"w:style[@w:styleId='{style_id}']", NS)

    def fonts(element):
        found = element.find(".//w:rFonts", NS)
        return {_attr(found, "ascii"), _attr(found, "eastAsia")}

    defaults = styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    assert fonts(defaults) == {"仿宋_GB2312"}
    assert _attr(defaults.find("w:sz", NS), "val") == "32"  # 三号
    title = style("Title")
    assert fonts(title) == {"方正小标宋简体"}
    assert _attr(title.find(".//w:sz", NS), "val") == "44"  # 二号
    assert _attr(title.find(".//w:jc", NS), "val") == "center"
    normal = style("Normal")
    indent = normal.find(".//w:ind", NS)
    assert (_attr(indent, "firstLineChars"), _attr(indent, "firstLine")) == (
        "200",
        "640",
    )
    spacing = normal.find(".//w:spacing", NS)
    assert (_attr(spacing, "line"), _attr(spacing, "lineRule")) == ("579", "exact")
    assert fonts(style("HeadingText1")) == {"黑体"}
    assert fonts(style("HeadingText2")) == {"楷体_GB2312"}
    assert fonts(style("HeadingText3")) == {"仿宋_GB2312"}
    assert style("HeadingText3").find(".//w:b", NS) is not None


def test_each_heading_level_is_set_in_its_font_up_to_its_full_stop():
    opened = docx.Document(io.BytesIO(revision_docx(TITLE, HEADINGS, INFO)))
    runs = [
        [(run.text, run.style.style_id if run.style else "") for run in p.runs]
        for p in opened.paragraphs[1:]
    ]
    assert runs == [
        [("同志们：", "")],
        [(HEADINGS[1], "HeadingText1")],
        [(HEADINGS[2], "HeadingText2")],
        [("1.加强学习。", "HeadingText3"), ("要把学习放在首位，持之以恒。", "")],
        [("（1）小项不另排字体。", "")],
    ]
    styles = [p.style.style_id for p in opened.paragraphs]
    assert styles == ["Title", "Normal", "Heading1", "Heading2", "Normal", "Normal"]


def test_headings_are_recognised_like_proofreading_numbers_them():
    assert heading_of("一、总体要求") == (1, 6)
    assert heading_of("（二）工作任务。其余是正文。") == (2, 8)
    assert heading_of("3、加强领导。要压实责任。") == (3, 7)
    assert heading_of("2、3月份完成验收。") is None
    assert heading_of("1.5亿元已经到位。") is None
    assert heading_of("、缺少序号的标题") is None
    assert heading_of("一、" + "很长的标题" * 10) is None


def test_page_numbers_sit_outside_in_the_footer_as_dashes():
    data = revision_docx(TITLE, ["正文。"], INFO)
    opened = docx.Document(io.BytesIO(data))
    section = opened.sections[0]
    assert opened.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.text == even.text == "— 1 —"
    assert (odd.alignment, even.alignment) == (2, 0)  # right, left
    for footer in (odd, even):
        assert "PAGE" in "".join(footer._p.itertext())
        assert footer.style.font.size == Pt(14)  # 四号
        assert footer.style.font.name == "宋体"


def test_fonts_are_named_for_chinese_text_and_not_embedded():
    data = revision_docx(TITLE, HEADINGS, INFO)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
    assert not [name for name in names if name.startswith("word/fonts/")]
    table = _part(data, "word/fontTable.xml")
    assert not table.findall(".//w:embedRegular", NS)
    listed = {_attr(font, "name") for font in table.findall("w:font", NS)}
    assert {"仿宋_GB2312", "楷体_GB2312", "黑体", "方正小标宋简体", "宋体"} <= listed
    settings = _part(data, "word/settings.xml")
    assert settings.find("w:embedTrueTypeFonts", NS) is None


def test_properties_carry_the_approval_not_the_text():
    data = revision_docx(TITLE, ["正文。"], INFO)
    core = docx.Document(io.BytesIO(data)).core_properties
    assert (core.title, core.author, core.subject) == (TITLE, "王起草", "第6版")
    assert core.content_status == "定稿"
    assert core.created == INFO.created_at
    custom = _part(data, "docProps/custom.xml")
    values = {
        prop.get("name"): "".join(prop.itertext()) for prop in custom.iterchildren()
    }
    assert values == {"批准定稿人": "赵签发", "批准定稿时间": "2026-03-05T08:00:00Z"}


def test_the_same_text_gives_the_same_bytes():
    assert revision_docx(TITLE, HEADINGS, INFO) == revision_docx(TITLE, HEADINGS, INFO)


def test_importing_exporting_loads_no_django():
    code = (
        "import sys, drafts.exporting; "
        "print(sorted(m for m in sys.modules if m.startswith('django') or "
        "(m.startswith('drafts.') and not m.startswith("
        "('drafts.exporting', 'drafts.proofing')))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"

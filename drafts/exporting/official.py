"""The page of an official document (公文格式, after GB/T 9704): A4, the
standard margins, 22 lines of 28 characters, 仿宋_GB2312 三号 body text,
一、/（一）/1. headings in 黑体, 楷体_GB2312 and bold 仿宋, page numbers
"— 1 —" outside on odd and even pages. Fonts are named, never embedded."""

import re
from typing import NamedTuple

from drafts.proofing.headings import TITLE_MAX, parse_marker

from . import ooxml
from .ooxml import DocumentInfo, Part

FANGSONG = "仿宋_GB2312"
KAITI = "楷体_GB2312"
HEITI = "黑体"
XIAOBIAOSONG = "方正小标宋简体"
SONGTI = "宋体"
# Word and WPS fall back to the alternative when the GB2312 font is missing.
FONTS = (
    (FANGSONG, "仿宋"),
    (KAITI, "楷体"),
    (HEITI, ""),
    (XIAOBIAOSONG, "宋体"),
    (SONGTI, ""),
)

LINE = 579  # twips: 28.95 pt, 22 lines between the 37 mm and 35 mm margins
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
BODY_SIZE = 32  # half-points: 三号, 16 pt
TITLE_SIZE = 44  # 二号, 22 pt
FOOTER_SIZE = 28  # 四号, 14 pt
INDENT = 2 * BODY_SIZE * 10  # two characters, in twips
PAGE = {"w": 11906, "h": 16838}  # A4 in twips
# Top 37 mm, bottom 35 mm, left 28 mm, right 26 mm.
MARGINS = {"top": 2098, "right": 1474, "bottom": 1984, "left": 1587}
FOOTER_DISTANCE = 1304  # the page number sits about 7 mm below the text block
# 28 characters of 16 pt need 448 pt, the text block is 442 pt wide: a
# quarter point less between characters keeps the classic 28 a line. The
# document grid would do it in Word, but LibreOffice lays it out otherwise.
_CHAR_SPACING = '<w:spacing w:val="-5"/>'
HEADING_FONTS = {1: (HEITI, False), 2: (KAITI, False), 3: (FANGSONG, True)}
_TITLE_END = re.compile("[。！？!?]")


class Heading(NamedTuple):
    level: int  # 1 "一、", 2 "（一）", 3 "1."
    end: int  # the heading is paragraph[:end]; the rest is body text


def heading_of(paragraph: str) -> Heading | None:
    """Return the outline heading opening *paragraph*, or None.

    Headings are recognised the way proofreading numbers them; the heading
    runs to its first full stop, or is the whole of a short paragraph.
    """
    marker = parse_marker(paragraph)
    if marker is None or marker.number is None or marker.levels[0] > 3:
        return None
    rest = paragraph[marker.end :]
    stop = _TITLE_END.search(rest, 0, TITLE_MAX + 1)
    if stop is not None:
        return Heading(marker.levels[0], marker.end + stop.end())
    if len(rest) <= TITLE_MAX:
        return Heading(marker.levels[0], len(paragraph))
    return None


def _fonts(name: str) -> str:
    value = ooxml.attr(name)
    return (
        f"<w:rFonts w:ascii={value} w:hAnsi={value} w:eastAsia={value}"
        f' w:cs={value} w:hint="eastAsia"/>'
    )


def _size(half_points: int) -> str:
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


def heading_rpr(level: int) -> str:
    """Return the run properties of the heading part of a paragraph."""
    return f'<w:rPr><w:rStyle w:val="HeadingText{level}"/></w:rPr>'


def _style(kind: str, style_id: str, name: str, body: str, extra: str = "") -> str:
    # Built-in styles keep their English names, which Word and WPS show
    # translated ("Normal" as 正文, "heading 1" as 标题 1).
    flag = ' w:default="1"' if style_id == "Normal" else ""
    if name.lower().replace(" ", "") != style_id.lower():
        flag = ' w:customStyle="1"'
    return (
        f'<w:style w:type="{kind}"{flag} w:styleId="{style_id}">'
        f"<w:name w:val={ooxml.attr(name)}/>{extra}{body}</w:style>"
    )


def styles_xml() -> str:
    no_indent = '<w:ind w:firstLine="0" w:firstLineChars="0"/>'
    exact = f'<w:spacing w:before="0" w:after="0" w:line="{LINE}" w:lineRule="exact"/>'
    styles = [
        _style(
            "paragraph",
            "Normal",
            "Normal",
            f'<w:pPr>{exact}<w:ind w:firstLine="{INDENT}" w:firstLineChars="200"/>'
            '<w:jc w:val="both"/></w:pPr>',
            "<w:qFormat/>",
        ),
        _style(
            "paragraph",
            "Title",
            "Title",
            f'<w:pPr><w:spacing w:before="0" w:after="{LINE}" w:line="{LINE}"'
            f' w:lineRule="exact"/>{no_indent}<w:jc w:val="center"/></w:pPr>'
            f"<w:rPr>{_fonts(XIAOBIAOSONG)}{_size(TITLE_SIZE)}</w:rPr>",
            '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>',
        ),
    ]
    for level, (font, bold) in HEADING_FONTS.items():
        rpr = f"<w:rPr>{_fonts(font)}{'<w:b/><w:bCs/>' if bold else ''}</w:rPr>"
        styles.append(
            _style(
                "paragraph",
                f"Heading{level}",
                f"heading {level}",
                f'<w:pPr><w:outlineLvl w:val="{level - 1}"/></w:pPr>{rpr}',
                '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>',
            )
        )
        styles.append(
            _style("character", f"HeadingText{level}", f"公文{level}级标题文字", rpr)
        )
    plain = '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
    styles.append(
        _style(
            "paragraph",
            "Footer",
            "footer",
            f"<w:pPr>{plain}{no_indent}</w:pPr>"
            f"<w:rPr>{_fonts(SONGTI)}{_size(FOOTER_SIZE)}</w:rPr>",
            '<w:basedOn w:val="Normal"/>',
        )
    )
    styles.append(
        _style(
            "paragraph",
            "Header",
            "header",
            f'<w:pPr>{plain}{no_indent}<w:jc w:val="center"/></w:pPr>'
            f"<w:rPr>{_size(21)}</w:rPr>",
            '<w:basedOn w:val="Normal"/>',
        )
    )
    defaults = (
        f"<w:docDefaults><w:rPrDefault><w:rPr>{_fonts(FANGSONG)}"
        f"{_CHAR_SPACING}{_size(BODY_SIZE)}"
        '<w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr>'
        "</w:rPrDefault><w:pPrDefault><w:pPr/></w:pPrDefault></w:docDefaults>"
    )
    return (
        ooxml.DECLARATION
        + f'<w:styles xmlns:w="{ooxml.W}">{defaults}{"".join(styles)}</w:styles>'
    )


def fonts_xml() -> str:
    fonts = []
    for name, alternative in FONTS:
        alt = f"<w:altName w:val={ooxml.attr(alternative)}/>" if alternative else ""
        fonts.append(
            f"<w:font w:name={ooxml.attr(name)}>{alt}"
            '<w:charset w:val="86"/><w:family w:val="modern"/>'
            '<w:pitch w:val="fixed"/></w:font>'
        )
    return (
        ooxml.DECLARATION + f'<w:fonts xmlns:w="{ooxml.W}">{"".join(fonts)}</w:fonts>'
    )


def settings_xml(*, track_revisions: bool = False) -> str:
    # Element order follows the schema: Word refuses a settings part out of order.
    return (
        ooxml.DECLARATION
        + f'<w:settings xmlns:w="{ooxml.W}"><w:zoom w:percent="100"/>'
        + ("<w:trackRevisions/>" if track_revisions else "")
        + '<w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/>'
        '<w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:compat><w:compatSetting w:name="compatibilityMode"'
        ' w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
        "</w:settings>"
    )


def _page_number() -> str:
    field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>1</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    return ooxml.run("— ") + field + ooxml.run(" —")


def footer_xml(side: str) -> str:
    """Return a footer with the page number outside: right on odd pages,
    left on even ones, a character in from the edge of the text."""
    jc, indent = ("right", "right") if side == "odd" else ("left", "left")
    ppr = (
        '<w:pPr><w:pStyle w:val="Footer"/>'
        f'<w:ind w:{indent}="{FOOTER_SIZE * 10}"/><w:jc w:val="{jc}"/></w:pPr>'
    )
    return (
        ooxml.DECLARATION
        + f'<w:ftr xmlns:w="{ooxml.W}"><w:p>{ppr}{_page_number()}</w:p></w:ftr>'
    )


def header_xml(line: str) -> str:
    return (
        ooxml.DECLARATION
        + f'<w:hdr xmlns:w="{ooxml.W}"><w:p><w:pPr><w:pStyle w:val="Header"/>'
        f"</w:pPr>{ooxml.run(line)}</w:p></w:hdr>"
    )


def paragraph(runs: str, *, style: str = "", mark: str = "") -> str:
    """Return a w:p of *runs*; *mark* is a tracked change of its paragraph
    mark (a w:ins, w:del, w:moveFrom or w:moveTo element), if any."""
    ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
    if mark:
        ppr += f"<w:rPr>{mark}</w:rPr>"
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{runs}</w:p>"


def body_runs(value: str) -> tuple[str, str]:
    """Return (paragraph style, runs) for one paragraph of body text."""
    heading = heading_of(value)
    if heading is None:
        return "", ooxml.run(value)
    style = f"Heading{heading.level}" if heading.end == len(value) else ""
    head, rest = value[: heading.end], value[heading.end :]
    runs = ooxml.run(head, rpr=heading_rpr(heading.level))
    return style, runs + (ooxml.run(rest) if rest else "")


def document(
    blocks: list[str],
    info: DocumentInfo,
    *,
    header: str = "",
    track_revisions: bool = False,
) -> bytes:
    """Return the .docx of the block-level XML *blocks* on the official page."""
    parts = [
        Part("word/styles.xml", "styles", styles_xml(), "styles"),
        Part(
            "word/settings.xml",
            "settings",
            settings_xml(track_revisions=track_revisions),
            "settings",
        ),
        Part("word/fontTable.xml", "fontTable", fonts_xml(), "fontTable"),
        Part("word/footer1.xml", "footer", footer_xml("odd"), "footer"),
        Part("word/footer2.xml", "footer", footer_xml("even"), "footer"),
    ]
    if header:
        parts.append(Part("word/header1.xml", "header", header_xml(header), "header"))
    body = "".join(blocks) + _section(parts)
    xml = (
        ooxml.DECLARATION
        + f'<w:document xmlns:w="{ooxml.W}" xmlns:r="{ooxml.R}"><w:body>{body}'
        "</w:body></w:document>"
    )
    return ooxml.package(xml, parts, info)


def _section(parts: list[Part]) -> str:
    refs = []
    for part in parts:
        if part.kind not in ("footer", "header"):
            continue
        rid = ooxml.relation_id(part)
        tag = "w:footerReference" if part.kind == "footer" else "w:headerReference"
        kinds = ["even"] if part.name.endswith("footer2.xml") else ["default"]
        if part.kind == "header":
            kinds = ["default", "even"]
        refs += [f'<{tag} w:type="{kind}" r:id="{rid}"/>' for kind in kinds]
    margins = " ".join(f'w:{side}="{value}"' for side, value in MARGINS.items())
    return (
        f"<w:sectPr>{''.join(refs)}"
        f'<w:pgSz w:w="{PAGE["w"]}" w:h="{PAGE["h"]}"/>'
        f'<w:pgMar {margins} w:header="851" w:footer="{FOOTER_DISTANCE}"'
        ' w:gutter="0"/>'
        f'<w:docGrid w:type="lines" w:linePitch="{LINE}"/></w:sectPr>'
    )


def revision_docx(title: str, paragraphs: list[str], info: DocumentInfo) -> bytes:
    """Return the official document of *paragraphs* under *title*."""
    blocks = [paragraph(ooxml.run(title), style="Title")]
    for value in paragraphs:
        style, runs = body_runs(value)
        blocks.append(paragraph(runs, style=style))
    return document(blocks, info)

import io

from docx import Document

from drafts.importers import read_upload

from .builders import W_NS, docx_bytes, docx_with_body_xml, save, tiny_png

REVISIONS_NOTICE = "文档含有修订痕迹，已按全部接受修订读取"


def read(data: bytes):
    return read_upload("讲话稿.docx", data)


def test_read_upload_docx_gives_one_line_per_paragraph():
    result = read(docx_bytes("同志们：", "", "今天开会。𠀀"))
    assert result.text == "同志们：\n\n今天开会。𠀀"
    assert (result.format, result.encoding, result.notices) == ("docx", None, ())


def test_read_upload_docx_keeps_table_text_in_document_order():
    document = Document()
    document.add_paragraph("表前")
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(table._cells, ["姓名", "职务", "张三", "主任"], strict=True):
        cell.text = text
    inner = table.cell(1, 1).add_table(rows=1, cols=1)
    inner.cell(0, 0).text = "嵌套表格"
    document.add_paragraph("表后")
    result = read(save(document))
    # python-docx ends a cell with an empty paragraph after a nested table.
    assert result.text == "表前\n姓名\n职务\n张三\n主任\n嵌套表格\n\n表后"


def test_read_upload_docx_does_not_repeat_merged_cells():
    document = Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "合并单元格"
    assert read(save(document)).text == "合并单元格"


def test_read_upload_docx_accepts_tracked_changes():
    paragraph = (
        f"<w:p {W_NS}><w:r><w:t>尊敬的</w:t></w:r>"
        '<w:ins w:id="1" w:author="甲"><w:r><w:t>各位</w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="甲"><w:r><w:delText>女士们</w:delText></w:r></w:del>'
        '<w:moveFrom w:id="3" w:author="甲"><w:r><w:t>旧位置</w:t></w:r></w:moveFrom>'
        '<w:r><w:t xml:space="preserve">来宾： </w:t></w:r>'
        '<w:moveTo w:id="4" w:author="甲"><w:r><w:t>新位置</w:t></w:r></w:moveTo>'
        "</w:p>"
    )
    result = read(docx_with_body_xml(paragraph))
    assert result.text == "尊敬的各位来宾： 新位置"
    assert result.notices == (REVISIONS_NOTICE,)


def test_read_upload_docx_merges_paragraph_whose_mark_was_deleted():
    deleted_mark = (
        f'<w:p {W_NS}><w:pPr><w:rPr><w:del w:id="1" w:author="甲"/></w:rPr></w:pPr>'
        "<w:r><w:t>上半句，</w:t></w:r></w:p>"
    )
    following = f"<w:p {W_NS}><w:r><w:t>下半句。</w:t></w:r></w:p>"
    assert read(docx_with_body_xml(deleted_mark, following)).text == "上半句，下半句。"


def test_read_upload_docx_reads_tabs_breaks_and_content_controls():
    fragment = (
        f"<w:sdt {W_NS}><w:sdtContent><w:p><w:r><w:t>甲</w:t><w:tab/>"
        "<w:t>乙</w:t><w:br/><w:t>丙</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )
    assert read(docx_with_body_xml(fragment)).text == "甲\t乙\n丙"


def test_read_upload_docx_reports_ignored_images_and_headers():
    document = Document()
    document.add_paragraph("正文")
    document.add_picture(io.BytesIO(tiny_png()))
    document.add_picture(io.BytesIO(tiny_png()))
    document.sections[0].header.paragraphs[0].text = "内部资料"
    result = read(save(document))
    assert result.text.startswith("正文")
    assert result.notices == ("已忽略 2 张图片和页眉页脚",)


def test_read_upload_docx_reports_comments_and_footnotes_only_when_present():
    fragment = (
        f'<w:p {W_NS}><w:commentRangeStart w:id="0"/><w:r><w:t>正文</w:t></w:r>'
        '<w:r><w:footnoteReference w:id="1"/></w:r></w:p>'
    )
    assert read(docx_with_body_xml(fragment)).notices == ("已忽略批注和脚注",)
    assert read(docx_bytes("正文")).notices == ()


def test_read_upload_docx_leaves_out_text_boxes_and_says_so():
    fragment = (
        f'<w:p {W_NS} xmlns:v="urn:schemas-microsoft-com:vml">'
        "<w:r><w:t>正文</w:t></w:r>"
        "<w:r><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>框内</w:t>"
        "</w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"
    )
    result = read(docx_with_body_xml(fragment))
    assert result.text == "正文"
    assert result.notices == ("已忽略 1 个文本框中的文字",)

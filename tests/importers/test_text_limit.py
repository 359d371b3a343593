"""The text limit of the importers: a .txt is measured once decoded, a .docx
while its body streams out of the zip, stopping as soon as it is too long."""

import random
import re

import pytest

from drafts.importers import UnreadableUpload, UploadLimits, read_upload

from .builders import (
    W_NS,
    corrupt_compressed_tail,
    document_xml_with,
    docx_bytes,
    docx_with_body_xml,
    rename_main_part,
    replace_member,
)

# Common hanzi in random order: compresses about as well as a real speech.
HANZI = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可"
GARBAGE = b"<w:p><<&&garbage that no XML parser accepts"


def limits(max_text_chars: int) -> UploadLimits:
    return UploadLimits(max_text_chars=max_text_chars)


def paragraphs(count: int, length: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choices(HANZI, k=length)) for _ in range(count)]


def docx_of(texts: list[str]) -> bytes:
    return replace_member(docx_bytes(), "word/document.xml", document_xml_with(texts))


def broken_after(texts: list[str], share: float) -> bytes:
    """Return a .docx whose body is valid XML for its first *share* of bytes,
    then garbage and cut short."""
    xml = document_xml_with(texts)
    return replace_member(
        docx_bytes(), "word/document.xml", xml[: int(len(xml) * share)] + GARBAGE
    )


def refusal(name: str, data: bytes, limit: int) -> UnreadableUpload:
    with pytest.raises(UnreadableUpload) as caught:
        read_upload(name, data, limits=limits(limit))
    return caught.value


def stated_count(error: UnreadableUpload) -> int:
    match = re.search(r"当前约 ([\d,]+) 字", error.message)
    return int(match.group(1).replace(",", ""))


def test_read_upload_refuses_docx_over_the_limit_in_chinese():
    error = refusal("稿.docx", docx_of(paragraphs(30, 100)), 2000)
    assert error.code == "too_long"
    assert error.message.startswith("正文超过字数上限（2,000 字），当前约 ")
    assert error.message.endswith("字，未保存。")


def test_read_upload_stops_parsing_the_docx_body_at_the_limit():
    # Garbage well after the limit: had the reader gone on, it would say corrupt.
    data = broken_after(paragraphs(200, 100), share=0.8)
    assert refusal("稿.docx", data, 2000).code == "too_long"
    assert refusal("稿.docx", data, 1_000_000).code == "corrupt_docx"


def test_read_upload_stops_inflating_the_docx_body_at_the_limit():
    # The deflated stream breaks past half way; only a full read would notice.
    data = corrupt_compressed_tail(
        docx_of(paragraphs(500, 100)), "word/document.xml", keep=0.5
    )
    assert refusal("稿.docx", data, 5000).code == "too_long"
    assert refusal("稿.docx", data, 1_000_000).code == "corrupt_docx"


def test_read_upload_follows_the_package_to_a_renamed_body():
    texts = paragraphs(200, 100)
    renamed = rename_main_part(docx_of(texts), "word/main.xml")
    assert read_upload("稿.docx", renamed).text == "\n".join(texts)
    broken = rename_main_part(broken_after(texts, share=0.8), "word/main.xml")
    assert refusal("稿.docx", broken, 2000).code == "too_long"


def test_read_upload_estimates_the_length_of_a_docx_it_stopped_reading():
    data = docx_of(paragraphs(12_000, 100))  # 1,200,000 characters
    error = refusal("稿.docx", data, UploadLimits().max_text_chars)
    assert error.message.startswith("正文超过字数上限（500,000 字）")
    assert 1_100_000 < stated_count(error) < 1_300_000


def test_read_upload_reads_docx_exactly_at_the_limit_in_full():
    texts = paragraphs(20, 100)
    text = "\n".join(texts)
    assert read_upload("稿.docx", docx_of(texts), limits=limits(len(text))).text == text


def test_read_upload_counts_docx_line_breaks_toward_the_limit():
    texts = paragraphs(20, 100)  # 2,000 characters in runs, 19 line breaks
    error = refusal("稿.docx", docx_of(texts), 2018)
    assert (error.code, stated_count(error)) == ("too_long", 2019)


def test_read_upload_does_not_count_deleted_text_of_a_docx():
    deleted = "".join(paragraphs(1, 5000))
    fragment = (
        f"<w:p {W_NS}><w:r><w:t>保留的正文</w:t></w:r>"
        f'<w:moveFrom w:id="1" w:author="甲"><w:r><w:t>{deleted}</w:t></w:r>'
        "</w:moveFrom></w:p>"
    )
    data = docx_with_body_xml(fragment)
    assert read_upload("稿.docx", data, limits=limits(100)).text == "保留的正文"


def test_read_upload_refuses_txt_over_the_limit_once_decoded():
    error = refusal("稿.txt", ("字" * 1001).encode("gb18030"), 1000)
    assert error.code == "too_long"
    assert error.message == "正文超过字数上限（1,000 字），当前约 1,001 字，未保存。"


def test_read_upload_measures_txt_after_decoding_and_newline_folding():
    data = ("字\r\n" * 500).encode("gb18030")  # 1,500 characters until CRLF is LF
    assert len(read_upload("稿.txt", data, limits=limits(1000)).text) == 1000

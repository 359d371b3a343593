import io
import random
import zipfile

import pytest

from drafts.importers import (
    ImportedText,
    UnreadableUpload,
    UploadLimits,
    read_upload,
)

from .builders import (
    add_members,
    document_xml,
    docx_bytes,
    forge_declared_size,
    replace_member,
)


def billion_laughs() -> bytes:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    return f'<?xml version="1.0"?><!DOCTYPE lolz [{"".join(entities)}]>'.encode()


DEFAULT_LIMITS = UploadLimits()
DOCX_CODES = {
    "corrupt_docx",
    "docx_too_large",
    "docx_ratio",
    "docx_dtd",
    "docx_unsafe_name",
}


def assert_imports_or_refuses(data: bytes) -> None:
    try:
        result = read_upload("讲话稿.docx", data)
    except UnreadableUpload as error:
        assert error.code in DOCX_CODES
    else:
        assert isinstance(result, ImportedText)


def refusal_code(data: bytes, limits: UploadLimits = DEFAULT_LIMITS) -> str:
    with pytest.raises(UnreadableUpload) as caught:
        read_upload("讲话稿.docx", data, limits=limits)
    return caught.value.code


def test_read_upload_refuses_member_compressed_beyond_ratio():
    data = add_members(docx_bytes("正文"), {"word/media/zeros.bin": bytes(50 * 2**20)})
    assert refusal_code(data) == "docx_ratio"


def test_read_upload_refuses_total_size_over_limit_before_extracting():
    members = {f"extra/item{i}.bin": random.randbytes(4096) for i in range(20)}
    data = add_members(docx_bytes("正文"), members)
    limits = UploadLimits(max_unzipped_bytes=64 * 1024)
    assert refusal_code(data, limits) == "docx_too_large"


def test_read_upload_refuses_too_many_members():
    members = {f"extra/item{i}.xml": b"<a/>" for i in range(30)}
    data = add_members(docx_bytes("正文"), members)
    assert refusal_code(data, UploadLimits(max_members=20)) == "docx_too_large"


def test_read_upload_refuses_member_larger_than_declared_size():
    data = docx_bytes("正文" * 200)
    size = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml").file_size
    forged = forge_declared_size(data, "word/document.xml", size // 2)
    assert refusal_code(forged) == "corrupt_docx"


@pytest.mark.parametrize(
    "prolog",
    [
        b'<?xml version="1.0"?><!DOCTYPE w:document SYSTEM "http://example.com/x.dtd">',
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        billion_laughs(),
    ],
)
def test_read_upload_refuses_doctype_and_entities(prolog):
    data = docx_bytes("正文")
    body = document_xml(data).split(b"?>", 1)[1]
    assert (
        refusal_code(replace_member(data, "word/document.xml", prolog + body))
        == "docx_dtd"
    )


def test_read_upload_refuses_doctype_hidden_in_utf16():
    data = docx_bytes("正文")
    text = document_xml(data).decode("utf-8").split("?>", 1)[1]
    xml = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE d [<!ENTITY e "x">]>' + text
    encoded = b"\xff\xfe" + xml.encode("utf-16-le")
    assert (
        refusal_code(replace_member(data, "word/document.xml", encoded)) == "docx_dtd"
    )


def test_read_upload_refuses_xml_declared_in_foreign_encoding():
    data = docx_bytes("正文")
    body = document_xml(data).split(b"?>", 1)[1]
    xml = b'<?xml version="1.0" encoding="UTF-7"?>' + body
    assert (
        refusal_code(replace_member(data, "word/document.xml", xml)) == "corrupt_docx"
    )


@pytest.mark.parametrize("name", ["../evil.xml", "/etc/evil.xml", "word\\..\\evil.xml"])
def test_read_upload_refuses_unsafe_member_names(name):
    data = add_members(docx_bytes("正文"), {name: b"<a/>"})
    assert refusal_code(data) == "docx_unsafe_name"


def test_read_upload_refuses_encrypted_member():
    data = bytearray(docx_bytes("正文"))
    central = data.find(b"PK\x01\x02")
    data[central + 8] |= 0x1
    with pytest.raises(UnreadableUpload) as caught:
        read_upload("讲话稿.docx", bytes(data))
    assert caught.value.code == "corrupt_docx"
    assert "加密" in caught.value.message


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not a zip at all",
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512),
        "同志们：".encode(),
    ],
)
def test_read_upload_refuses_files_that_are_not_docx(data):
    assert refusal_code(data) == "corrupt_docx"


def test_read_upload_refuses_truncated_docx():
    data = docx_bytes("正文")
    for cut in (len(data) // 4, len(data) // 2, len(data) - 30):
        assert refusal_code(data[:cut]) == "corrupt_docx"


def test_read_upload_refuses_docx_without_main_document():
    data = docx_bytes("正文")
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                target.writestr(info, source.read(info))
    assert refusal_code(buffer.getvalue()) == "corrupt_docx"


def test_read_upload_refuses_broken_xml():
    data = replace_member(
        docx_bytes("正文"), "word/document.xml", b"<w:document><w:body>"
    )
    assert refusal_code(data) == "corrupt_docx"


def test_read_upload_survives_200_random_mutations():
    original = docx_bytes("同志们：", "今天我们召开会议。", "谢谢大家！")
    rng = random.Random(1561)
    for _ in range(200):
        data = bytearray(original)
        for _ in range(rng.randint(1, 8)):
            position = rng.randrange(len(data))
            data[position] = rng.randrange(256)
        assert_imports_or_refuses(bytes(data))


def test_read_upload_survives_mutated_xml_parts():
    original = docx_bytes("同志们：", "今天我们召开会议。")
    rng = random.Random(2024)
    for _ in range(100):
        name = rng.choice(
            [
                "word/document.xml",
                "word/_rels/document.xml.rels",
                "[Content_Types].xml",
                "_rels/.rels",
            ]
        )
        xml = bytearray(zipfile.ZipFile(io.BytesIO(original)).read(name))
        for _ in range(rng.randint(1, 4)):
            xml[rng.randrange(len(xml))] = rng.choice(b'<>/"=&; \x00\xffaw:')
        assert_imports_or_refuses(replace_member(original, name, bytes(xml)))

import pickle
import subprocess
import sys

import pytest

from drafts.importers import UnreadableUpload, read_upload, safe_filename

from .builders import docx_bytes


@pytest.mark.parametrize(
    "filename", ["稿.txt", "稿.TXT", "C:\\文件\\稿.Txt", "稿.txt\r\n"]
)
def test_read_upload_reads_txt_case_insensitively(filename):
    result = read_upload(filename, "同志们：\r\n".encode("gb18030"))
    assert (result.text, result.format, result.encoding) == (
        "同志们：\n",
        "txt",
        "gb18030",
    )
    assert result.notices == ()


def test_read_upload_reads_docx_case_insensitively():
    assert read_upload("讲话稿.DOCX", docx_bytes("正文")).text == "正文"


@pytest.mark.parametrize(
    "filename", ["稿.doc", "稿.text", "稿.pdf", "稿", "txt", ".docx.exe"]
)
def test_read_upload_refuses_other_extensions(filename):
    with pytest.raises(UnreadableUpload) as caught:
        read_upload(filename, b"hello")
    assert caught.value.code == "unknown_format"
    assert ".docx" in caught.value.message


def test_read_upload_refuses_renamed_binary_txt():
    with pytest.raises(UnreadableUpload) as caught:
        read_upload("稿.txt", docx_bytes("正文"))
    assert caught.value.code == "binary"


def test_unreadable_upload_carries_message_and_code_and_pickles():
    error = UnreadableUpload("无法读取", "corrupt_docx")
    copy = pickle.loads(pickle.dumps(error))
    assert (str(copy), copy.message, copy.code) == (
        "无法读取",
        "无法读取",
        "corrupt_docx",
    )
    assert isinstance(copy, ValueError)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("讲话稿（第二稿）.docx", "讲话稿（第二稿）.docx"),
        ("C:\\Users\\张三\\讲话稿.txt", "讲话稿.txt"),
        ("../../etc/passwd", "passwd"),
        ('a"b\r\nc\x00d\u202e.txt', "abcd.txt"),
        ("'稿';.docx", "稿.docx"),
        ("", "upload"),
        ("..", "upload"),
        ('""\r\n', "upload"),
    ],
)
def test_safe_filename_strips_paths_quotes_and_controls(name, expected):
    assert safe_filename(name) == expected


def test_safe_filename_caps_length_and_keeps_extension():
    name = safe_filename("长" * 300 + ".docx")
    assert len(name) == 200
    assert name.endswith("长.docx")


def test_importers_load_without_django():
    code = "import sys, drafts.importers; print('django' in sys.modules)"
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert output.stdout.strip() == "False"

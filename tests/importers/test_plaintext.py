import codecs
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drafts.importers import UnreadableUpload, decode_text_bytes, normalise_newlines

SPEECH = "同志们：\n今天我们召开会议，总结过去一年的工作。\n谢谢大家！"
TRADITIONAL = (
    "各位同仁，大家好。今天我們召開會議，主要是總結過去一年的工作，"
    "並部署明年的重點任務。過去一年，在全體同仁的共同努力下，我們圓滿完成了各項目標。"
)


def refused(data: bytes) -> UnreadableUpload:
    with pytest.raises(UnreadableUpload) as caught:
        decode_text_bytes(data)
    return caught.value


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SPEECH.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SPEECH.encode("utf-8"), "utf-8-sig"),
        (SPEECH.encode("gb18030"), "gb18030"),
        (codecs.BOM_UTF16_LE + SPEECH.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + SPEECH.encode("utf-16-be"), "utf-16-be"),
        (codecs.BOM_UTF32_LE + SPEECH.encode("utf-32-le"), "utf-32-le"),
    ],
)
def test_decode_text_bytes_gives_identical_text_for_each_encoding(data, encoding):
    assert decode_text_bytes(data) == (SPEECH, encoding)


def test_decode_text_bytes_normalises_crlf_and_cr():
    text, _ = decode_text_bytes("第一段\r\n第二段\r第三段\n".encode("gb18030"))
    assert text == "第一段\n第二段\n第三段\n"


def test_decode_text_bytes_round_trips_four_byte_gb18030_and_non_bmp():
    text = "生僻字𠀀与㐀，欧元€。"
    data = text.encode("gb18030")
    assert data.count(b"\x95\x32\x82\x36") == 1  # 𠀀 is a four-byte sequence
    assert decode_text_bytes(data) == (text, "gb18030")
    assert decode_text_bytes(text.encode("utf-8"))[0].encode("utf-8") == text.encode()


def test_decode_text_bytes_reads_short_gbk_as_gb18030():
    for text in ["同志们：", "谢谢大家。", "大家好", "开幕词", "第一，"]:
        assert decode_text_bytes(text.encode("gbk")) == (text, "gb18030")


def test_decode_text_bytes_reads_big5_traditional_text():
    assert decode_text_bytes(TRADITIONAL.encode("big5")) == (TRADITIONAL, "big5")


def test_decode_text_bytes_reads_short_big5_text():
    for text in ["同志們：", "中國", "發展", "各位長官"]:
        assert decode_text_bytes(text.encode("big5")) == (text, "big5")


def test_decode_text_bytes_keeps_traditional_text_saved_as_gbk():
    text = "謝謝大家。今天我們在這裡開會，討論明年的工作。"
    assert decode_text_bytes(text.encode("gbk")) == (text, "gb18030")


def test_decode_text_bytes_maps_gb18030_pua_to_2022_code_points():
    text, _ = decode_text_bytes("这是一个测试".encode("gb18030") + b"\xfe\x59")
    assert text == "这是一个测试\u9fb4"


def test_decode_text_bytes_strips_leading_bom_char():
    text, _ = decode_text_bytes("\ufeff开头".encode("gb18030"))
    assert text == "开头"


def test_decode_text_bytes_refuses_latin1_as_undecodable():
    data = "Le cœur a ses raisons. Ça va très bien, merci.".encode("cp1252")
    assert refused(data).code == "undecodable"


def test_decode_text_bytes_refuses_random_bytes_without_nul():
    rng = random.Random(20240501)
    for _ in range(20):
        data = bytes(rng.randrange(1, 256) for _ in range(400))
        assert refused(data).code == "undecodable"


def test_decode_text_bytes_refuses_nul_bytes_as_binary():
    error = refused(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff")
    assert error.code == "binary"
    assert "二进制" in error.message


def test_decode_text_bytes_names_utf16_without_bom():
    for codec in ("utf-16-le", "utf-16-be"):
        error = refused("同志们：\n今天开会。".encode(codec))
        assert error.code == "undecodable"
        assert "UTF-16" in error.message


def test_decode_text_bytes_refuses_bom_that_contradicts_content():
    error = refused(codecs.BOM_UTF8 + "中文".encode("gb18030"))
    assert (error.code, "UTF-8" in error.message) == ("undecodable", True)


def test_decode_text_bytes_never_returns_replacement_characters():
    rng = random.Random(7)
    for _ in range(200):
        data = SPEECH.encode(rng.choice(["utf-8", "gb18030"]))
        data = bytes(b ^ rng.randrange(256) if rng.random() < 0.05 else b for b in data)
        try:
            text, _ = decode_text_bytes(data)
        except UnreadableUpload:
            continue
        assert "\ufffd" not in text


def test_normalise_newlines_turns_crlf_and_cr_into_lf():
    assert normalise_newlines("a\r\nb\rc\n\r\n") == "a\nb\nc\n\n"


@given(st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00")))
def test_decode_text_bytes_round_trips_any_utf8_text(text):
    expected = normalise_newlines(text.removeprefix("\ufeff"))
    assert decode_text_bytes(text.encode("utf-8"))[0] == expected


@given(st.text(st.sampled_from("同志们今天召开会议，。：！\n𠀀abc 123")))
def test_decode_text_bytes_round_trips_gb18030_chinese(text):
    # A full stop, as in any real draft: a few punctuation-free hanzi are valid UTF-8.
    text += "。"
    assert decode_text_bytes(text.encode("gb18030")) == (text, "gb18030")


@given(st.text(st.sampled_from("各位同仁大家好今天我們召開會議總結工作，。：！\n ab1")))
def test_decode_text_bytes_reads_big5_traditional_chinese(text):
    text += "謝謝。"
    assert decode_text_bytes(text.encode("big5")) == (text, "big5")


@pytest.mark.parametrize(
    "text",
    ["𠀀𠀀。", "𠀀。", "𠀀𠀀𠀀。", "。𠀀𠀀", "会议𠀀𠀀𠀀𠀀", "㐀㐁。", "𪚥𰀀𠀀\n𠀀"],
)
def test_decode_text_bytes_reads_rare_hanzi_in_gb18030_anywhere(text):
    # Found by the property below ("𠀀𠀀。" was refused as undecodable).
    assert decode_text_bytes(text.encode("gb18030")) == (text, "gb18030")


@given(
    st.text(st.sampled_from("𠀀𪚥㐀𰀀"), min_size=1),
    st.text(st.sampled_from("同志们今天召开会议，。：！\nabc 123")),
    st.integers(min_value=0, max_value=40),
)
def test_decode_text_bytes_reads_rare_hanzi_in_any_position(rare, common, cut):
    cut = min(cut, len(common))
    text = common[:cut] + rare + common[cut:]
    assert decode_text_bytes(text.encode("gb18030")) == (text, "gb18030")

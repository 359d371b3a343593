"""The API's JSON parser: DRF's, but a body nested deeper than MAX_JSON_DEPTH
is refused (400, too_deep) before json, which would recurse, ever sees it."""

import io
import re
from itertools import accumulate

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser, get_encoding

MAX_JSON_DEPTH = 32
TOO_DEEP_MESSAGE = f"请求内容嵌套超过 {MAX_JSON_DEPTH} 层，无法处理。"

# A string: possessive, so it never backtracks; an unterminated one runs to
# the end. With the rest of the text but brackets gone, one pass counts depth.
_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*+"?', re.DOTALL)
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


class TooDeep(ParseError):
    default_detail = TOO_DEEP_MESSAGE
    default_code = "too_deep"


def json_depth_exceeds(text: str, limit: int) -> bool:
    """Return True if the JSON *text* nests arrays and objects deeper than *limit*.

    Linear in the length of *text*. Brackets inside strings do not count. The
    running count needs no floor: json stops at a bracket that closes nothing.
    """
    brackets = _NOT_BRACKETS.sub("", _STRINGS.sub("", text))
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0) > limit


class DepthLimitedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        body = stream.read()
        try:
            text = body.decode(get_encoding(parser_context or {}))
        except UnicodeDecodeError as error:
            raise ParseError(f"JSON parse error - {error}") from error
        if json_depth_exceeds(text, MAX_JSON_DEPTH):
            raise TooDeep()
        return super().parse(io.BytesIO(body), media_type, parser_context)

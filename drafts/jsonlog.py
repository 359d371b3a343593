"""Log records as JSON lines, one object a line, for a log collector to read.

Pure logging: no Django, so that any process (gunicorn's master too) can use it.
"""

import json
import logging
from datetime import UTC, datetime

# Set on a record by drafts.request_log: its filter and the request line.
_REQUEST_FIELDS = ("request_id", "method", "path", "status", "duration_ms", "user_id")


class JsonFormatter(logging.Formatter):
    """Format a record as one line of JSON: time, level, logger, message, the
    request's fields when the record carries them, and any traceback."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in _REQUEST_FIELDS:
            if getattr(record, field, None) is not None:
                line[field] = getattr(record, field)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        elif record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)

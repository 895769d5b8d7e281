"""Log formatting: one JSON object per line when MODELBANK_LOG_FORMAT=json (for log shippers),
each with the request id of the work it belongs to."""

import json
import logging
from datetime import UTC, datetime

from modelbank.common import request_id


class RequestIdFilter(logging.Filter):
    """Adds ``record.request_id`` (empty outside a request or a job)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.current.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname, "logger": record.name, "message": record.getMessage(),
            "request_id": getattr(record, "request_id", ""),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)

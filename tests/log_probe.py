"""Answer a few requests through the real settings and print nothing but the
logs: run by tests/test_request_log.py in a fresh process, so that the logging
configuration is the one that `make serve` and `make run` get.

    python -m tests.log_probe ANSWERS_FILE
"""

import json
import sys

import django
from django.test import Client

# Pages would need collectstatic's manifest with DEBUG off; /api/ answers
# JSON, so these requests render no template.
REQUESTS = (
    ("/healthz", "testserver"),
    ("/api/nowhere/", "testserver"),
    ("/api/speeches/", "evil.example"),
)


def main(answers_file: str) -> None:
    django.setup()
    client = Client(raise_request_exception=False)
    answers = []
    for path, host in REQUESTS:
        response = client.get(path, HTTP_HOST=host)
        answers.append([path, response.status_code, response["X-Request-ID"]])
    with open(answers_file, "w") as handle:
        json.dump(answers, handle)


if __name__ == "__main__":
    main(sys.argv[1])

"""Property-based fuzzing of the public API from its own OpenAPI document (schemathesis):
no 5xx, and every error in the one JSON shape. A bounded number of examples per operation
keeps it in the unit suite's time budget."""

from __future__ import annotations

import tempfile

import pytest

from kbsite import create_app
from tests.conftest import SAMPLE

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402

EXAMPLES = 30  # per operation


# Built at import: schemathesis generates one test per operation from the schema.
APP = create_app({"TESTING": True, "CONTENT_DIR": str(SAMPLE), "RATELIMIT_ENABLED": False,
                  "INSTANCE_DIR": tempfile.mkdtemp(prefix="answerloop-fuzz-")})
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_never_answers_5xx(case):  # noqa: ANN001
    response = case.call()
    assert response.status_code < 500, (case.method, case.formatted_path, response.text[:300])
    if response.status_code >= 400 and response.status_code != 304:
        body = response.json()
        assert body["ok"] is False and body["status"] == response.status_code
        assert isinstance(body["error"], str) and body["error"]

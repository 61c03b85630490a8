"""The suite's app for a real server (gunicorn) started by a test: the same configuration as
the `app` fixture's, on the database and data key the test passes in the environment."""

import os

from conftest import make_test_app

app = make_test_app(
    os.environ["LINKENGLISH_TEST_DATABASE_URL"],
    os.environ["LINKENGLISH_TEST_INSTANCE_PATH"],
    LINKENGLISH_DATA_KEY=os.environ["LINKENGLISH_TEST_DATA_KEY"],
    PUBLIC_URL=os.environ["LINKENGLISH_TEST_PUBLIC_URL"],
)

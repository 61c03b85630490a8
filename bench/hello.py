"""The bare Flask baseline: one route, served by gunicorn exactly as the app is."""

from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello():
    """Answer with a word, to measure what gunicorn and Flask cost alone."""
    return "hello"

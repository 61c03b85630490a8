"""Feedback on submitted essays: CEFR rubric, release, diffs between versions."""

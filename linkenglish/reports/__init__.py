"""Attendance reports: a cohort's matrix, one participant's record, a partner's summary and
the at-risk list, each as a page with a chart and as CSV and XLSX downloads."""

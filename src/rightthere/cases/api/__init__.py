"""API routes of cases: /api/cases, their messages and events (mounted in api/urls.py)."""

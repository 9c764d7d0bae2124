"""API routes of customers and contacts (mounted in api/urls.py)."""

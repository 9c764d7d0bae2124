"""Browser fixtures (browser, page, log_in) live in tests/conftest.py, shared by every app's browser tests."""

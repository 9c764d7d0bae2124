"""Shared plumbing every layer may use, importing nothing of Rightthere above it:
errors, row helpers, compiled statements, the config cache, task enqueueing,
HTML sanitising, and the API's pagination and common schemas."""

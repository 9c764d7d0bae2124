"""API plumbing shared by every app's routes: cursor pagination and common schemas."""

"""Automation rules as data: "when <event> and <conditions> then <actions>", set up by
owners, run by the desk (desk.automation) in the use cases and, for time-based rules,
by the worker."""

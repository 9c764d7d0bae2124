"""Checklists: a case's work broken down into small steps (principle 12)."""

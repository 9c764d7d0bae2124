"""KPI figures: one plain function per figure, each taking a period and an audience.

Every function answers a `Figure` (value, weekly series or rows, the table behind the
chart) from aggregate queries; none loops over cases in Python.
"""

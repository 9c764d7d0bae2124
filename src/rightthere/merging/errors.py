"""Refusals of a merge or an undo that the person can act on (HTTP 409 in the API)."""

from rightthere.core.errors import CaseError


class MergeConflict(CaseError):
    """The cases are not in a state that allows this (already merged, too late to undo...)."""

    code = "conflict"
    http_status = 409


class DifferentCustomers(MergeConflict):
    """The two cases belong to different customers: the person must confirm they mean it."""

    code = "different_customers"

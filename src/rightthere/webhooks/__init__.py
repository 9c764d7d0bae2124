"""Outgoing webhooks: owners subscribe a URL to what happens on the desk; each event is
stored as a delivery in the transaction that caused it and sent, signed, by the worker."""

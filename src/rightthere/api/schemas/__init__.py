"""Explicit request (…Create, …Update) and response (…Out) shapes per entity."""

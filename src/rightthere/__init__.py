"""Rightthere: a customer-service desk where the process does the work, not the customer."""

"""SMS to customers: visit-day notices and acknowledgements for customers with only a
phone number. Pluggable backends (like Django's EMAIL_BACKEND), sending through the
worker, the customer's STOP respected, the provider's delivery reports kept."""

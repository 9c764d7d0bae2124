"""Recovery pages: staff buttons on the case page (staff), the customer's choices on the status page (customer), improvements (improvements)."""

"""Moving in: importing customers, cases and their messages from another desk."""

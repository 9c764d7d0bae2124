"""Staff notifications: the bell, its list, preferences, and mail (now or in a digest)."""

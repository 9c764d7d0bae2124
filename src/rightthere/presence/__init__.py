"""Who is on a case now (viewing, writing a reply) and when each person last opened it."""

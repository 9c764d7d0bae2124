"""Field pages: the technician's day (day) and the office's board and quality (office)."""

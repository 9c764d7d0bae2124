"""Time pages: the time report (report) and the timer widget (timer)."""

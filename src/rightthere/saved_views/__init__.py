"""Saved inbox views: named filters and sort, personal or shared with the team."""

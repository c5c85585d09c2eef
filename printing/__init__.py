"""Tickets (ESC/POS raster) and documents (reportlab PDF), and their transports."""

"""Tickets (ESC/POS raster) and documents (reportlab PDF), and their transports.

Queue tickets: ``printing.service.print_ticket(content, url, width_dots)`` renders a
``printing.ticket.TicketContent`` (ticket.py) to a 1-bit image, encodes it as
ESC/POS (escpos_bytes.py), checks the printer's status and sends it through
``printing.transports.open_transport(url)`` (the transports/ package, one module
per kind of link; address forms in urls.py). It returns a ``PrintResult`` and
never raises for a printer problem; the reasons are the Vietnamese messages of
errors.py and status.py. This package imports nothing from counter_app but errors and domain.
"""

"""What the public sees: the kiosk (take a number), the display board and its voice.

They share ``screen`` (the full-screen window, the header with the clock) and ``style``
(high contrast, sizes that follow the screen)."""

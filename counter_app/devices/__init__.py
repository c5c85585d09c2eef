"""Scanner readers and the printer port interface (no Qt). Filled by the queue and intake work."""

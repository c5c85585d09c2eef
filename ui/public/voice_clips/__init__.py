"""Voice clips for the display board (WAV files) and the script that makes them."""

"""Read an ESC/POS byte stream back: its commands, its raster image, the QR in it.

Strict on purpose: an unknown escape sequence is an error, so a test notices
garbage in the stream instead of skipping over it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

ESC, GS, DLE = 0x1B, 0x1D, 0x10
# ESC x → (name, number of parameter bytes)
ESC_COMMANDS = {
    0x40: ("INIT", 0), 0x64: ("FEED_LINES", 1), 0x4A: ("FEED_DOTS", 1), 0x61: ("ALIGN", 1),
    0x74: ("CODE_PAGE", 1), 0x21: ("PRINT_MODE", 1), 0x45: ("BOLD", 1), 0x2D: ("UNDERLINE", 1),
    0x4D: ("FONT", 1), 0x33: ("LINE_SPACING", 1), 0x32: ("DEFAULT_LINE_SPACING", 0),
}


@dataclass(frozen=True)
class Command:
    name: str
    args: tuple[int, ...] = ()
    data: bytes = b""


def parse(stream: bytes) -> list[Command]:
    commands: list[Command] = []
    i, text = 0, bytearray()
    while i < len(stream):
        byte = stream[i]
        if byte in (ESC, GS, DLE):
            if text:
                commands.append(Command("TEXT", data=bytes(text)))
                text.clear()
            command, i = _command(stream, i)
            commands.append(command)
        elif byte == 0x0A:
            commands.append(Command("LF"))
            i += 1
        else:
            text.append(byte)
            i += 1
    if text:
        commands.append(Command("TEXT", data=bytes(text)))
    return commands


def _command(s: bytes, i: int) -> tuple[Command, int]:
    lead, code = s[i], s[i + 1] if i + 1 < len(s) else None
    if lead == ESC and code in ESC_COMMANDS:
        name, n = ESC_COMMANDS[code]
        return Command(name, tuple(s[i + 2:i + 2 + n])), i + 2 + n
    if lead == DLE and code == 0x04:
        return Command("DLE_EOT", (s[i + 2],)), i + 3
    if lead == GS and code == 0x76 and s[i + 2] == 0x30:      # GS v 0 m xL xH yL yH
        m, xl, xh, yl, yh = s[i + 3:i + 8]
        width_bytes, height = xl + 256 * xh, yl + 256 * yh
        end = i + 8 + width_bytes * height
        if end > len(s):
            raise ValueError(f"raster at {i} is cut short: needs {end - len(s)} more bytes")
        return Command("RASTER", (m, width_bytes, height), bytes(s[i + 8:end])), end
    if lead == GS and code == 0x56:                            # GS V m [n]
        m = s[i + 2]
        if m in (65, 66):
            return Command("CUT", (m, s[i + 3])), i + 4
        if m in (0, 1, 48, 49):
            return Command("CUT", (m,)), i + 3
    if lead == GS and code == 0x28 and s[i + 2] == 0x6B:      # GS ( k pL pH …  (native QR)
        size = s[i + 3] + 256 * s[i + 4]
        return Command("QR_FUNCTION", (s[i + 5], s[i + 6]), bytes(s[i + 7:i + 5 + size])), \
            i + 5 + size
    if lead == GS and code == 0x21:
        return Command("CHAR_SIZE", (s[i + 2],)), i + 3
    raise ValueError(f"unknown command {bytes(s[i:i + 4]).hex(' ')} at offset {i}")


def names(commands: list[Command]) -> list[str]:
    return [c.name for c in commands]


def raster_image(commands: list[Command]) -> Image.Image:
    """Every GS v 0 fragment, stacked top to bottom, as a mode "1" image (black = 0)."""
    parts = []
    for c in commands:
        if c.name == "RASTER":
            _, width_bytes, height = c.args
            # ESC/POS: bit 1 = a black dot; Pillow "1": bit 1 = white, hence "1;I".
            parts.append(Image.frombytes("1", (width_bytes * 8, height), c.data, "raw", "1;I"))
    if not parts:
        raise ValueError("no raster image in the stream")
    out = Image.new("1", (max(p.width for p in parts), sum(p.height for p in parts)), 1)
    y = 0
    for part in parts:
        out.paste(part, (0, y))
        y += part.height
    return out


def decode_qr(image: Image.Image) -> list[str]:
    """The texts of every QR code zxing-cpp finds in ``image``."""
    import zxingcpp
    found = zxingcpp.read_barcodes(image.convert("L"), formats=zxingcpp.BarcodeFormat.QRCode)
    return [r.text for r in found]

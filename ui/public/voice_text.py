"""What the display board says for a call, as text and as a list of recorded clips.

Pure functions, no Qt: ``announcement_text("A025", 2)`` is what a speech engine
reads and the board shows; ``clip_sequence("A025", 2)`` names the recorded
clips (``ui/public/voice_clips/*.wav``) that say the same thing where no Vietnamese
speech engine exists. The ticket number is read letter then digit by digit
("A không hai năm"), so a citizen compares it with the paper sign by sign;
the counter is read as a number ("quầy số mười hai").
"""

from __future__ import annotations

import io
import wave
from pathlib import Path

CLIPS_DIR = Path(__file__).resolve().parent / "voice_clips"
SAMPLE_RATE = 16_000
CHIME = "chime"
GAP_MS = 120  # a breath between words; clips are trimmed to the sound itself

# Clip name → what espeak-ng's Vietnamese voice says for it (make_clips.py).
PHRASES = {"xin_moi_so": "xin mời số", "den_quay_so": "đến quầy số"}
DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
# Letters as read in Vietnamese schools; F, J, W, Z are read the common way (J as "gi", written "di" so espeak-ng says it).
LETTERS = {
    "A": "a", "B": "bê", "C": "xê", "D": "dê", "E": "e", "F": "ép", "G": "giê", "H": "hát",
    "I": "i", "J": "di", "K": "ca", "L": "e lờ", "M": "em mờ", "N": "en nờ", "O": "o",
    "P": "pê", "Q": "quy", "R": "e rờ", "S": "ét xì", "T": "tê", "U": "u", "V": "vê",
    "W": "vê kép", "X": "ích xì", "Y": "i dài", "Z": "dét",
}
# Extra words for counter numbers 10–99: mười (10–19), mươi (tens), mốt (…1), lăm (…5).
NUMBER_WORDS = {"muoi": "mười", "muoi_chuc": "mươi", "mot_cuoi": "mốt", "lam": "lăm"}


def announcement_text(number: str, counter: int) -> str:
    """"Xin mời số A025 đến quầy số 2" — shown on the board and spoken by a speech engine."""
    return f"Xin mời số {number.strip().upper()} đến quầy số {counter}"


def spoken_text(number: str, counter: int) -> str:
    """The same call for a speech engine: the number spelled sign by sign."""
    signs = " ".join(LETTERS[c] if c in LETTERS else DIGITS[int(c)] if c.isdigit() else c
                     for c in number.strip().upper())
    return f"Xin mời số {signs}, đến quầy số {counter}"


def clip_names() -> list[str]:
    """Every clip the announcements can use (the files make_clips.py writes)."""
    return ([*PHRASES, *(f"digit_{d}" for d in range(10)),
             *(f"letter_{c.lower()}" for c in LETTERS), *NUMBER_WORDS])


def clip_texts() -> dict[str, str]:
    texts = dict(PHRASES)
    texts.update({f"digit_{d}": word for d, word in enumerate(DIGITS)})
    texts.update({f"letter_{c.lower()}": word for c, word in LETTERS.items()})
    texts.update(NUMBER_WORDS)
    return texts


def _sign_clip(sign: str) -> str:
    if sign.isdigit():
        return f"digit_{sign}"
    if sign.upper() in LETTERS:
        return f"letter_{sign.lower()}"
    raise ValueError(f"cannot read {sign!r} aloud")


def counter_clips(counter: int) -> list[str]:
    """A counter number 1–99 read as Vietnamese says it (12 "mười hai", 21 "hai mươi mốt")."""
    if not 1 <= counter <= 99:
        return [_sign_clip(c) for c in str(counter)]
    tens, units = divmod(counter, 10)
    if tens == 0:
        return [f"digit_{units}"]
    head = ["muoi"] if tens == 1 else [f"digit_{tens}", "muoi_chuc"]
    if units == 0:
        return head
    if units == 1 and tens > 1:
        return [*head, "mot_cuoi"]
    if units == 5:
        return [*head, "lam"]
    return [*head, f"digit_{units}"]


def clip_sequence(number: str, counter: int) -> list[str]:
    """The clips of one call, chime first: chime, xin mời số, A, không, hai, năm, …"""
    signs = [_sign_clip(c) for c in number.strip() if not c.isspace()]
    return [CHIME, "xin_moi_so", *signs, "den_quay_so", *counter_clips(counter)]


def read_clip(name: str, folder: Path = CLIPS_DIR) -> bytes:
    """The 16-bit mono PCM frames of one clip; refuses a clip in another format."""
    with wave.open(str(folder / f"{name}.wav"), "rb") as w:
        if (w.getnchannels(), w.getsampwidth(), w.getframerate()) != (1, 2, SAMPLE_RATE):
            raise ValueError(f"clip {name} is not 16 kHz 16-bit mono")
        return w.readframes(w.getnframes())


def concatenate(names: list[str], folder: Path = CLIPS_DIR, gap_ms: int = GAP_MS) -> bytes:
    """One WAV file in memory: the clips in order with a short silence between them."""
    gap = b"\x00\x00" * (SAMPLE_RATE * gap_ms // 1000)
    frames = gap.join(read_clip(name, folder) for name in names)
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE)
        w.writeframes(frames)
    return out.getvalue()


def wav_duration_ms(data: bytes) -> int:
    with wave.open(io.BytesIO(data), "rb") as w:
        return round(w.getnframes() * 1000 / w.getframerate())


def pcm_frames(data: bytes) -> bytes:
    """The raw samples of a WAV (what an audio sink plays)."""
    with wave.open(io.BytesIO(data), "rb") as w:
        return w.readframes(w.getnframes())

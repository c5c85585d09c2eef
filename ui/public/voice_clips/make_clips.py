"""Regenerate the display board's voice clips and chime (the WAV files beside this script).

The board speaks with a Vietnamese speech engine where the system has one;
elsewhere it plays these clips, one word each, joined in memory
(ui/public/voice_text.py). They are made once with espeak-ng's Vietnamese voice and
committed, so no machine needs espeak-ng to announce calls.

To regenerate (Debian/Ubuntu: ``apt-get install -y espeak-ng sox``; sox is
optional, it trims and resamples better than the fallback below)::

    .venv/bin/python -m ui.public.voice_clips.make_clips            # writes ui/public/voice_clips/*.wav
    .venv/bin/python -m ui.public.voice_clips.make_clips --voice vi-vn-x-south

Every file is 16 kHz, 16-bit mono PCM with the silence around the word cut.
To use real recordings instead, record each word of ``clip_texts()`` and save
it under the same name in that format; the chime can be kept.
"""

from __future__ import annotations

import argparse
import array
import math
import shutil
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

from ui.public.voice_text import CHIME, CLIPS_DIR, SAMPLE_RATE, clip_texts

SPEED_WPM = 135           # a little slower than espeak-ng's default, for a noisy hall
SILENCE_LEVEL = 0.02      # share of full scale below which a sample counts as silence
PEAK = 0.7                # normalise every word to the same loudness


def speak(text: str, voice: str, target: Path) -> None:
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(SPEED_WPM), "-w", str(target), text],
                   check=True, capture_output=True)


def convert_with_sox(source: Path, target: Path) -> None:
    """Resample to 16 kHz mono, cut silence at both ends, normalise."""
    trim = ["silence", "1", "0.01", "0.5%"]
    subprocess.run(["sox", str(source), "-r", str(SAMPLE_RATE), "-c", "1", "-b", "16",
                    str(target), *trim, "reverse", *trim, "reverse", "norm", "-3"],
                   check=True, capture_output=True)


def _read_samples(path: Path) -> tuple[array.array, int]:
    with wave.open(str(path), "rb") as w:
        if w.getsampwidth() != 2 or w.getnchannels() != 1:
            raise ValueError(f"{path}: expected 16-bit mono")
        samples = array.array("h", w.readframes(w.getnframes()))
        return samples, w.getframerate()


def resample(samples: array.array, rate: int, new_rate: int) -> array.array:
    """Linear interpolation: plenty for speech going down to 16 kHz."""
    n = int(len(samples) * new_rate / rate)
    out = array.array("h", bytes(2 * n))
    for i in range(n):
        pos = i * rate / new_rate
        j = int(pos)
        nxt = samples[min(j + 1, len(samples) - 1)]
        out[i] = int(samples[j] + (nxt - samples[j]) * (pos - j))
    return out


def trim_and_normalise(samples: array.array) -> array.array:
    limit = SILENCE_LEVEL * 32767
    loud = [i for i, s in enumerate(samples) if abs(s) > limit]
    if not loud:
        return samples
    cut = samples[loud[0]:loud[-1] + 1]
    scale = PEAK * 32767 / max(abs(s) for s in cut)
    return array.array("h", (int(s * scale) for s in cut))


def convert_with_python(source: Path, target: Path) -> None:
    samples, rate = _read_samples(source)
    write_wav(target, trim_and_normalise(resample(samples, rate, SAMPLE_RATE)))


def write_wav(target: Path, samples: array.array) -> None:
    with wave.open(str(target), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE)
        w.writeframes(samples.tobytes())


def chime_samples() -> array.array:
    """Two bell-like tones, high then low (ding-dong), 0.8 s in all."""
    out = array.array("h")
    for freq, seconds in ((880.0, 0.35), (659.25, 0.45)):
        n = int(SAMPLE_RATE * seconds)
        for i in range(n):
            t = i / SAMPLE_RATE
            attack = min(1.0, i / (0.005 * SAMPLE_RATE))
            level = 0.5 * attack * math.exp(-4.0 * t)
            tone = math.sin(2 * math.pi * freq * t) + 0.3 * math.sin(4 * math.pi * freq * t)
            out.append(int(32767 * level * tone / 1.3))
    return out


def make_all(folder: Path, voice: str) -> list[Path]:
    if shutil.which("espeak-ng") is None:
        raise SystemExit("espeak-ng is missing: apt-get install -y espeak-ng")
    convert = convert_with_sox if shutil.which("sox") else convert_with_python
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in clip_texts().items():
            raw = Path(tmp) / f"{name}.raw.wav"
            speak(text, voice, raw)
            convert(raw, folder / f"{name}.wav")
            written.append(folder / f"{name}.wav")
    write_wav(folder / f"{CHIME}.wav", chime_samples())
    written.append(folder / f"{CHIME}.wav")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Tạo lại các đoạn âm thanh gọi số.")
    parser.add_argument("--voice", default="vi", help="giọng espeak-ng (mặc định: vi)")
    parser.add_argument("--out", type=Path, default=CLIPS_DIR, help="thư mục ghi tệp WAV")
    args = parser.parse_args(argv)
    written = make_all(args.out, args.voice)
    total = sum(p.stat().st_size for p in written)
    print(f"{len(written)} tệp, {total / 1024:.0f} KB trong {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

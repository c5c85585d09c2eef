"""The board's voice: the words of a call, the recorded clips, and a queue that never overlaps."""

from __future__ import annotations

import time
import wave

import pytest

from tests.ui.test_board import RecordingBackend
from ui.public import voice
from ui.qt import qt_multimedia, qt_text_to_speech
from ui.public.voice import Announcer, ClipBackend
from ui.public.voice_text import (CHIME, CLIPS_DIR, SAMPLE_RATE, GAP_MS, announcement_text,
                           clip_names, clip_sequence, concatenate, counter_clips, spoken_text,
                           wav_duration_ms)


def test_announcement_text():
    assert announcement_text("A025", 2) == "Xin mời số A025 đến quầy số 2"
    assert announcement_text(" b101 ", 12) == "Xin mời số B101 đến quầy số 12"


def test_spoken_text_spells_the_number():
    assert spoken_text("A025", 2) == "Xin mời số a không hai năm, đến quầy số 2"


def test_clip_sequence_reads_the_number_sign_by_sign():
    assert clip_sequence("A025", 2) == [
        "chime", "xin_moi_so", "letter_a", "digit_0", "digit_2", "digit_5",
        "den_quay_so", "digit_2"]


@pytest.mark.parametrize("counter, clips", [
    (3, ["digit_3"]),
    (10, ["muoi"]),
    (11, ["muoi", "digit_1"]),
    (15, ["muoi", "lam"]),
    (20, ["digit_2", "muoi_chuc"]),
    (21, ["digit_2", "muoi_chuc", "mot_cuoi"]),
    (25, ["digit_2", "muoi_chuc", "lam"]),
    (34, ["digit_3", "muoi_chuc", "digit_4"]),
    (120, ["digit_1", "digit_2", "digit_0"]),
])
def test_counter_numbers_are_read_as_vietnamese_says_them(counter, clips):
    assert counter_clips(counter) == clips


def test_every_clip_is_there_small_and_in_the_playback_format():
    names = [*clip_names(), CHIME]
    total = 0
    for name in names:
        path = CLIPS_DIR / f"{name}.wav"
        with wave.open(str(path), "rb") as w:
            assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, SAMPLE_RATE)
            assert 0.1 < w.getnframes() / SAMPLE_RATE < 1.5, name
        total += path.stat().st_size
    assert total < 1_500_000
    assert sorted(p.stem for p in CLIPS_DIR.glob("*.wav")) == sorted(names)


def test_the_concatenated_call_lasts_as_long_as_its_clips():
    names = clip_sequence("A025", 2)
    data = concatenate(names)
    parts = 0
    for name in names:
        with wave.open(str(CLIPS_DIR / f"{name}.wav"), "rb") as w:
            parts += w.getnframes()
    expected_ms = round((parts + (len(names) - 1) * SAMPLE_RATE * GAP_MS // 1000)
                        * 1000 / SAMPLE_RATE)
    assert abs(wav_duration_ms(data) - expected_ms) <= 1
    assert 3_000 < wav_duration_ms(data) < 8_000
    with wave.open(__import__("io").BytesIO(data), "rb") as w:
        samples = w.readframes(w.getnframes())
    assert max(samples[1::2]) > 0x20  # real sound, not silence


def test_queue_plays_one_after_another_in_order(qtbot):
    backend = RecordingBackend(ms=120)
    announcer = Announcer(backend)
    for number, counter in (("A001", 1), ("B002", 2), ("C003", 3)):
        announcer.announce(number, counter)
    assert announcer.pending == 2
    qtbot.waitUntil(announcer.is_idle, timeout=3_000)

    assert backend.texts("finish") == ["Xin mời số A001 đến quầy số 1",
                                       "Xin mời số B002 đến quầy số 2",
                                       "Xin mời số C003 đến quầy số 3"]
    for (k1, t1, at1), (k2, t2, at2) in zip(backend.log, backend.log[1:]):
        assert k1 != k2 and at2 >= at1
    finishes = [at for k, _t, at in backend.log if k == "finish"]
    starts = [at for k, _t, at in backend.log if k == "start"]
    assert all(start >= finish for start, finish in zip(starts[1:], finishes))
    assert all(finish - start >= 0.1 for start, finish in zip(starts, finishes))  # none cut


def test_a_call_made_while_one_plays_waits_for_it(qtbot):
    backend = RecordingBackend(ms=200)
    announcer = Announcer(backend)
    announcer.announce("A001", 1)
    qtbot.wait(50)
    announcer.announce("A002", 2)
    qtbot.waitUntil(announcer.is_idle, timeout=3_000)
    assert [k for k, _t, _a in backend.log] == ["start", "finish", "start", "finish"]


def test_turned_off_it_says_nothing_and_lets_the_current_call_end(qtbot):
    backend = RecordingBackend(ms=150)
    announcer = Announcer(backend)
    announcer.announce("A001", 1)
    announcer.announce("A002", 1)
    announcer.set_enabled(False)
    announcer.announce("A003", 1)
    qtbot.waitUntil(announcer.is_idle, timeout=3_000)
    assert backend.texts("finish") == ["Xin mời số A001 đến quầy số 1"]
    assert Announcer(backend, enabled=False).is_idle()


def test_a_backend_that_never_reports_does_not_block_the_queue(qtbot, monkeypatch):
    monkeypatch.setattr(voice, "WATCHDOG_MARGIN_MS", 50)

    class Mute:
        name = "mute"
        started: list[str] = []

        def play(self, item, done):
            self.started.append(item.number)
            return 10

        def stop(self):
            pass

    backend = Mute()
    announcer = Announcer(backend)
    announcer.announce("A001", 1)
    announcer.announce("A002", 1)
    qtbot.waitUntil(announcer.is_idle, timeout=3_000)
    assert backend.started == ["A001", "A002"]


def test_a_backend_that_fails_falls_back_to_silence(qtbot):
    class Broken:
        name = "broken"

        def play(self, item, done):
            raise OSError("no device")

        def stop(self):
            pass

    announcer = Announcer(Broken())
    finished = []
    announcer.finished.connect(finished.append)
    announcer.announce("A001", 1)
    announcer.announce("A002", 1)
    qtbot.waitUntil(lambda: len(finished) == 2, timeout=3_000)
    assert isinstance(announcer.backend, voice.SilentBackend)


def _audio_output():
    module = qt_multimedia()
    if module is None:
        return None, None
    device = module.QMediaDevices.defaultAudioOutput()
    return (module, device) if not device.isNull() else (module, None)


def test_without_audio_output_the_board_is_silent_but_works(qtbot):
    module, device = _audio_output()
    if device is not None:
        pytest.skip("this machine has an audio output")
    backend = voice.choose_backend()
    assert backend.name in ("silent", "speech")


def test_real_clip_backend_plays_a_call_to_the_end(qtbot):
    module, device = _audio_output()
    if device is None:
        pytest.skip("no audio output here (QtMultimedia missing or no sound device)")
    announcer = Announcer(ClipBackend(module, device))
    expected = wav_duration_ms(concatenate(clip_sequence("A025", 2)))
    finished = []
    announcer.finished.connect(finished.append)
    t0 = time.monotonic()
    announcer.announce("A025", 2)
    qtbot.waitUntil(lambda: bool(finished), timeout=expected + 5_000)
    elapsed_ms = (time.monotonic() - t0) * 1000
    assert elapsed_ms >= expected * 0.8
    assert elapsed_ms < expected + voice.WATCHDOG_MARGIN_MS  # ended by the device, not the watchdog
    announcer.shutdown()


def test_speech_backend_moves_on_when_the_engine_is_ready_again(qtbot):
    module = qt_text_to_speech()
    if module is None or "mock" not in module.QTextToSpeech.availableEngines():
        pytest.skip("Qt's own test speech engine is not installed")
    engine = module.QTextToSpeech("mock")  # Qt's engine that 'speaks' silently, in real time
    said = []
    engine.sayingWord.connect(lambda word, _id, _start, _length: said.append(word))
    announcer = Announcer(voice.SpeechBackend(engine))
    finished = []
    announcer.finished.connect(lambda item: finished.append(item.number))
    announcer.announce("A025", 2)
    announcer.announce("B001", 3)
    qtbot.waitUntil(lambda: finished == ["A025", "B001"], timeout=10_000)
    assert said[0] == "Xin"  # it was given the spelled-out call

"""The display board's voice: calls queued and spoken one after another, never overlapping.

``Announcer.announce("A025", 2)`` queues "Xin mời số A025 đến quầy số 2". One
item plays at a time; the next starts only when the backend reports the
previous one finished (a watchdog moves on if a backend never reports), and an
item is never cut off to make room. Backends, the first that works:

1. ``SpeechBackend``: Qt TextToSpeech with an engine that has a Vietnamese voice;
2. ``ClipBackend``: a chime plus recorded word clips joined into one WAV in memory
   (ui/public/voice_text.py), played through QtMultimedia's ``QAudioSink``;
3. ``SilentBackend``: no audio output at all; logged once, the board still shows calls.

The multimedia modules come from PySide6-Addons and are loaded only when a
voice is wanted, so ``--no-voice`` never touches the audio system.
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass
from typing import Callable, Protocol

from ui.public.voice_text import (CHIME, CLIPS_DIR, SAMPLE_RATE, announcement_text, clip_sequence,
                                  concatenate, pcm_frames, spoken_text, wav_duration_ms)
from ui.qt import (QBuffer, QByteArray, QIODevice, QLocale, QObject, QTimer, Signal, qt_multimedia,
                   qt_text_to_speech)

log = logging.getLogger(__name__)

# How long past its expected end an item may run before the queue moves on anyway.
WATCHDOG_MARGIN_MS = 3_000
WATCHDOG_UNKNOWN_MS = 15_000   # a speech engine does not say how long it will talk
CLIP_POLL_MS = 50


@dataclass(frozen=True)
class Announcement:
    number: str
    counter: int

    @property
    def text(self) -> str:
        return announcement_text(self.number, self.counter)


class Backend(Protocol):
    """Plays one announcement and calls ``done()`` once when it has finished."""

    name: str

    def play(self, item: Announcement, done: Callable[[], None]) -> int | None:
        """Start playing; return the expected duration in ms if known."""

    def stop(self) -> None:
        """Release the device (application exit)."""


class Announcer(QObject):
    """A queue of announcements played strictly one after another."""

    started = Signal(object)    # Announcement
    finished = Signal(object)   # Announcement

    def __init__(self, backend: Backend | None = None, enabled: bool = True,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._backend = backend
        self._enabled = enabled
        self._queue: deque[Announcement] = deque()
        self.current: Announcement | None = None
        self._watchdog = QTimer(self)
        self._watchdog.setSingleShot(True)
        self._watchdog.timeout.connect(self._overdue)

    @property
    def enabled(self) -> bool:
        return self._enabled

    def set_enabled(self, enabled: bool) -> None:
        """Turning the voice off drops what is queued; what is playing ends normally."""
        self._enabled = enabled
        if not enabled:
            self._queue.clear()

    @property
    def backend(self) -> Backend:
        if self._backend is None:
            self._backend = choose_backend()
        return self._backend

    def prepare(self) -> None:
        """Choose the backend now (loading the audio system takes a moment), if enabled."""
        if self._enabled:
            _ = self.backend

    @property
    def pending(self) -> int:
        return len(self._queue)

    def is_idle(self) -> bool:
        return self.current is None and not self._queue

    def announce(self, number: str, counter: int) -> None:
        if not self._enabled:
            return
        self._queue.append(Announcement(number, counter))
        self._play_next()

    def _play_next(self) -> None:
        if self.current is not None or not self._queue or not self._enabled:
            return
        item = self.current = self._queue.popleft()
        self.started.emit(item)
        try:
            expected = self.backend.play(item, lambda: self._done(item))
        except Exception:
            log.exception("announcement failed; showing calls without voice")
            self._backend = SilentBackend()
            self._done(item)
            return
        if self.current is item:
            self._watchdog.start((expected + WATCHDOG_MARGIN_MS) if expected is not None
                                 else WATCHDOG_UNKNOWN_MS)

    def _done(self, item: Announcement) -> None:
        if self.current is not item:
            return  # a late report for an item the watchdog already ended
        self._watchdog.stop()
        self.current = None
        self.finished.emit(item)
        # Not recursively: a backend may report completion from inside play().
        QTimer.singleShot(0, self._play_next)

    def _overdue(self) -> None:
        if self.current is not None:
            log.warning("announcement of %s did not report its end; moving on",
                        self.current.number)
            self._done(self.current)

    def shutdown(self) -> None:
        self._queue.clear()
        self._watchdog.stop()
        if self._backend is not None:
            self._backend.stop()


class SilentBackend:
    """No audio output: every item 'finishes' at once; the board shows the call."""

    name = "silent"

    def play(self, item: Announcement, done: Callable[[], None]) -> int:
        QTimer.singleShot(0, done)
        return 0

    def stop(self) -> None:
        pass


# The backends are plain objects: PySide cannot pass QtAudio/QTextToSpeech enums to a
# slot declared on a Python QObject subclass, while a plain bound method takes them.
class SpeechBackend:
    """Qt TextToSpeech; ``done`` when the engine goes back to Ready (or fails)."""

    name = "speech"

    def __init__(self, tts) -> None:
        self._tts = tts
        self._ready = type(tts).State.Ready
        self._error = type(tts).State.Error
        self._done: Callable[[], None] | None = None
        tts.stateChanged.connect(self._state_changed)

    def play(self, item: Announcement, done: Callable[[], None]) -> None:
        self._done = done
        self._tts.say(spoken_text(item.number, item.counter))
        return None

    def _state_changed(self, state) -> None:
        if state in (self._ready, self._error) and self._done is not None:
            done, self._done = self._done, None
            done()

    def stop(self) -> None:
        self._done = None
        self._tts.stop()


class ClipBackend:
    """Chime + word clips as one PCM stream into a ``QAudioSink``; ``done`` when drained.

    The sink's state is polled: PySide6 cannot deliver ``QAudioSink.stateChanged``
    (its ``QtAudio::State`` argument does not convert), while ``state()`` works.
    """

    name = "clips"

    def __init__(self, multimedia, device) -> None:
        self._mm = multimedia
        self._device = device
        self._format = multimedia.QAudioFormat()
        self._format.setSampleRate(SAMPLE_RATE)
        self._format.setChannelCount(1)
        self._format.setSampleFormat(multimedia.QAudioFormat.SampleFormat.Int16)
        self._sink = None
        self._buffer: QBuffer | None = None
        self._done: Callable[[], None] | None = None
        self._poll = QTimer()
        self._poll.setInterval(CLIP_POLL_MS)
        self._poll.timeout.connect(self._check)

    def play(self, item: Announcement, done: Callable[[], None]) -> int:
        wav = concatenate(clip_sequence(item.number, item.counter))
        self._release()
        self._buffer = QBuffer()
        self._buffer.setData(QByteArray(pcm_frames(wav)))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._sink = self._mm.QAudioSink(self._device, self._format)
        self._done = done
        self._sink.start(self._buffer)
        self._poll.start()
        return wav_duration_ms(wav)

    def _check(self) -> None:
        """Idle: every sample was played; Stopped: the device failed."""
        states = self._mm.QtAudio.State
        if self._sink is None or self._sink.state() not in (states.IdleState,
                                                             states.StoppedState):
            return
        if self._sink.error() not in (self._mm.QtAudio.Error.NoError,
                                      self._mm.QtAudio.Error.UnderrunError):
            log.warning("audio output failed: %s", self._sink.error())
        self._poll.stop()
        if self._done is not None:
            done, self._done = self._done, None
            done()

    def _release(self) -> None:
        self._poll.stop()
        if self._sink is not None:
            self._sink.stop()
            self._sink.deleteLater()
            self._sink = None
        if self._buffer is not None:
            self._buffer.close()
            self._buffer = None

    def stop(self) -> None:
        self._done = None
        self._release()


def speech_backend() -> SpeechBackend | None:
    """A TextToSpeech engine with a Vietnamese voice, if the system has one."""
    module = qt_text_to_speech()
    if module is None:
        return None
    tts_class = module.QTextToSpeech
    for engine in tts_class.availableEngines():
        if engine == "mock":  # Qt's test engine speaks nothing
            continue
        tts = tts_class(engine)
        if tts.state() == tts_class.State.Error:
            continue
        vietnamese = [loc for loc in tts.availableLocales()
                      if loc.language() == QLocale.Language.Vietnamese]
        if vietnamese:
            tts.setLocale(vietnamese[0])
            log.info("voice: text-to-speech engine %s, %s", engine, vietnamese[0].name())
            return SpeechBackend(tts)
    return None


def clip_backend() -> ClipBackend | None:
    """Recorded clips through the default audio output, if there is one."""
    module = qt_multimedia()
    if module is None or not (CLIPS_DIR / f"{CHIME}.wav").exists():
        return None
    device = module.QMediaDevices.defaultAudioOutput()
    if device.isNull():
        return None
    log.info("voice: recorded clips on %s", device.description())
    return ClipBackend(module, device)


def choose_backend() -> Backend:
    backend = speech_backend() or clip_backend()
    if backend is None:
        log.warning("voice: no audio output found; calls are shown on the board only")
        return SilentBackend()
    return backend

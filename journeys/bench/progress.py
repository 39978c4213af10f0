"""A dependency-free progress bar on stderr (redrawn in place on a terminal, sparse lines otherwise)."""
import sys
import time


class Progress:
    def __init__(self, label: str, total: int, stream=None):
        self.label, self.total, self.stream = label, max(total, 1), stream or sys.stderr
        self.started = time.monotonic()
        self._last_draw = 0.0
        self._tty = hasattr(self.stream, "isatty") and self.stream.isatty()

    def update(self, done: int) -> None:
        now = time.monotonic()
        if done < self.total and now - self._last_draw < (0.2 if self._tty else 5.0):
            return
        self._last_draw = now
        width = 30
        filled = int(width * min(done, self.total) / self.total)
        rate = done / max(now - self.started, 1e-9)
        line = f"{self.label:<12} [{'#' * filled}{'.' * (width - filled)}] {done:>9,}/{self.total:,} {rate:>10,.0f}/s"
        self.stream.write(("\r" + line) if self._tty else (line + "\n"))
        if self._tty and done >= self.total:
            self.stream.write("\n")
        self.stream.flush()

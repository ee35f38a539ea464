"""The one error type of the build: a message for the user, never a traceback."""

from __future__ import annotations


class BuildError(Exception):
    """Bad input or a refused build, reported as ``path:line: message``."""

    def __init__(self, message: str, path: str = "", line: int = 0) -> None:
        self.message = message
        self.path = path
        self.line = line
        super().__init__(self.one_line())

    def __reduce__(self) -> tuple:
        # Raised in a worker process, it reaches the build through pickle.
        return (BuildError, (self.message, self.path, self.line))

    def one_line(self) -> str:
        where = self.path
        if where and self.line:
            where += f":{self.line}"
        text = " ".join(self.message.split())
        return f"{where}: {text}" if where else text

"""Exception tree and coded, user-facing error messages.

::

    RewriterError                 every error the tool raises on purpose
    ├── LetterError               the letter could not be read        (codes L1xx, exit 3)
    │   ├── EmptyLetter           L101
    │   ├── BinaryInput           L102
    │   ├── UndecodableText       L103
    │   ├── LetterTooLarge        L104
    │   ├── CorruptDocx           L105
    │   ├── EncryptedOrOldWord    L106
    │   ├── UnsupportedFormat     L107
    │   └── UnreadableFile        L108
    ├── RuleError                 the rules folder is broken          (codes R2xx, exit 2)
    │   └── RuleFileError         with path, line and column
    └── UsageError                a bad option or configuration      (codes C3xx, exit 2)

Every error carries a stable ``code``, a Danish ``message`` saying what is wrong,
``where`` (a path, optionally with line and column) and a ``hint`` saying how to
fix it.  ``str(error)`` renders all of it on one line, so the CLI never needs to
show a traceback.
"""

from __future__ import annotations


class RewriterError(Exception):
    code = "E000"
    exit_code = 2

    def __init__(self, message: str, *, where: str | None = None, hint: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.where = where
        self.hint = hint
        if code:
            self.code = code

    def __str__(self) -> str:
        parts = [self.code]
        if self.where:
            parts.append(f"{self.where}:")
        parts.append(self.message)
        text = " ".join(parts)
        if self.hint:
            text += f" Sådan retter du det: {self.hint}"
        return text

    def to_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "where": self.where, "message": self.message, "hint": self.hint}


class LetterError(RewriterError):
    code = "L100"
    exit_code = 3


class EmptyLetter(LetterError):
    code = "L101"


class BinaryInput(LetterError):
    code = "L102"


class UndecodableText(LetterError):
    code = "L103"


class LetterTooLarge(LetterError):
    code = "L104"


class CorruptDocx(LetterError):
    code = "L105"


class EncryptedOrOldWord(LetterError):
    code = "L106"


class UnsupportedFormat(LetterError):
    code = "L107"


class UnreadableFile(LetterError):
    code = "L108"


class RuleError(RewriterError):
    code = "R200"
    exit_code = 2


class RuleFileError(RuleError):
    """A rules file is broken; ``where`` is ``path:line:col``."""

    code = "R201"

    def __init__(self, message: str, *, path: str, line: int | None = None, col: int | None = None,
                 hint: str | None = None, code: str | None = None):
        where = path if line is None else f"{path}:{line}:{col or 1}"
        super().__init__(message, where=where, hint=hint, code=code)
        self.path, self.line, self.col = path, line, col


class UsageError(RewriterError):
    code = "C300"
    exit_code = 2

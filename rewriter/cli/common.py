"""What several subcommands share: reading a letter, ``--max-chars``, probing an output file before the work."""

from __future__ import annotations

from pathlib import Path

from rewriter.errors import UsageError


def max_chars(value: int | None) -> int:
    """``--max-chars``: the default when not given; 0 or less is refused (``C303``), never read as the default."""
    from rewriter.io.textio import DEFAULT_MAX_CHARS

    if value is None:
        return DEFAULT_MAX_CHARS
    if value <= 0:
        raise UsageError(f"--max-chars skal være et positivt tal, ikke {value}.", code="C303",
                         hint=f"Udelad --max-chars for standarden ({DEFAULT_MAX_CHARS:,} tegn), ".replace(",", ".")
                              + "eller angiv fx --max-chars 500000.")
    return value


def time_limit(value: float | None, default: float) -> float:
    """``--time-limit``: the default when not given; 0 or less is refused (``C303``)."""
    if value is None:
        return default
    if not value > 0:
        raise UsageError(f"--time-limit skal være et positivt antal sekunder, ikke {value:g}.", code="C303",
                         hint=f"Udelad --time-limit for standarden ({default:g} sekunder), eller angiv fx "
                              "--time-limit 120.")
    return value


def read(path: str, limit: int):
    """The letter at ``path`` (``-``: stdin)."""
    from rewriter.io.reader import read_input

    return read_input(path, limit)[0]  # capped reads; a FIFO or a device is refused (L108)


def probe_output(value: str, option: str) -> Path:
    """Make sure ``value`` can be written, before any work is done; coded Danish errors otherwise.

    ``C350`` the folder does not exist, ``C351`` the path is a folder, ``C352`` the file cannot be written
    (permissions, a read-only disk).  A file that did not exist is removed again after the probe.
    """
    path = Path(value)
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise UsageError(f"{option} peger på en mappe, ikke en fil.", where=value, code="C351",
                         hint=f"Angiv et filnavn, fx {option} {path / path.name}{path.suffix or ''}.")
    if not parent.is_dir():
        raise UsageError(f"Mappen til {option} findes ikke.", where=str(parent), code="C350",
                         hint=f"Opret mappen først (mkdir -p {parent}), eller vælg en anden placering.")
    existed = path.exists()
    try:
        with open(path, "a", encoding="utf-8"):
            pass
    except OSError as exc:
        raise UsageError(f"Filen til {option} kan ikke skrives ({exc.strerror or exc}).", where=value,
                         code="C352", hint="Vælg en placering, du har skriveadgang til.") from None
    if not existed:
        path.unlink(missing_ok=True)
    return path

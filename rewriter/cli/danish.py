"""argparse in Danish: its own messages ("usage:", "the following arguments are required", "options", ...).

argparse looks its messages up with :func:`gettext.gettext` through the module
globals ``argparse._`` and ``argparse.ngettext``.  :func:`danish_argparse`
swaps those for a Danish table while our parser is built and used, and puts
them back afterwards, so other programs in the same process are not affected.
The table covers the messages of Python 3.11-3.13; an unknown message stays as
it is.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator

MESSAGES = {
    "usage: ": "brug: ",
    "positional arguments": "argumenter",
    "options": "tilvalg",
    "optional arguments": "tilvalg",
    "subcommands": "underkommandoer",
    "show this help message and exit": "vis denne hjælp og afslut",
    "show program's version number and exit": "vis programmets version og afslut",
    "the following arguments are required: %s": "disse argumenter mangler: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ugyldigt valg: %(value)r (vælg mellem %(choices)s)",
    "invalid %(type)s value: %(value)r": "ugyldig værdi %(value)r (skal være %(type)s)",
    "argument %(argument_name)s: %(message)s": "argumentet %(argument_name)s: %(message)s",
    "expected one argument": "forventede én værdi",
    "expected at most one argument": "forventede højst én værdi",
    "expected at least one argument": "forventede mindst én værdi",
    "unrecognized arguments: %s": "ukendte argumenter: %s",
    "ambiguous option: %(option)s could match %(matches)s": "flertydigt tilvalg: %(option)s kan betyde %(matches)s",
    "not allowed with argument %s": "kan ikke bruges sammen med %s",
    "one of the arguments %s is required": "et af argumenterne %s skal angives",
    "ignored explicit argument %r": "ignorerede værdien %r",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "ukendt underkommando %(parser_name)r (vælg mellem %(choices)s)",
    "can't open '%(filename)s': %(error)s": "kan ikke åbne '%(filename)s': %(error)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fejl: %(message)s\n",
    "unexpected option string: %s": "uventet tilvalg: %s",
    "%r is not callable": "%r kan ikke kaldes",
    "option '%(option)s' is deprecated": "tilvalget '%(option)s' udgår",
    "argument '%(argument_name)s' is deprecated": "argumentet '%(argument_name)s' udgår",
    "command '%(parser_name)s' is deprecated": "kommandoen '%(parser_name)s' udgår",
}
PLURALS = {
    ("expected %s argument", "expected %s arguments"): ("forventede %s værdi", "forventede %s værdier"),
    ("conflicting option string: %s", "conflicting option strings: %s"):
        ("tilvalget findes allerede: %s", "tilvalgene findes allerede: %s"),
}


def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    one, many = PLURALS.get((singular, plural), (singular, plural))
    return one if n == 1 else many


@contextlib.contextmanager
def danish_argparse() -> Iterator[None]:
    """argparse speaks Danish inside this block."""
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = gettext, ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


def heltal(text: str) -> int:
    """``type=`` for a whole number; its name is what argparse shows: "skal være heltal"."""
    return int(text)


def tal(text: str) -> float:
    """``type=`` for a number (a decimal comma is fine: ``2,5``)."""
    return float(text.replace(",", "."))

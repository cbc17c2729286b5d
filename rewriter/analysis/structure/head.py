"""Head and frame roles: letterhead, date, subject, greeting and closing; the body paragraphs that remain.

Head paragraphs are ``letterhead`` (sender and recipient blocks), ``date`` (the letter-date line) or
``subject`` (the one-line heading just before the body; also a subject line with facts or a warning
wherever it stands in the head).  One-line body headings are ``subject`` too.  The closing zone is
``closing``.  A one-line body paragraph that greets is the ``greeting``.
"""

from __future__ import annotations

import re

from rewriter.analysis.elements import subject_line
from rewriter.analysis.zones import is_greeting
from rewriter.model import Letter, Span
from rewriter.rules.language import Language


_LABEL = re.compile(r"\s*[^\W\d_][\w. -]{0,24}:\s")  # "Sagsnr.: 2026-7731", "Cpr.nr.: ..."


def frame_roles(letter: Letter, zones: tuple[str, ...], letter_date_span: Span | None,
                subject_cfg, lang: Language) -> tuple[list[str | None], int | None]:
    """Roles of the head, heading, greeting and closing paragraphs (None for the rest), and the subject line
    with facts or a warning (:func:`~rewriter.analysis.elements.subject_line`)."""
    text = letter.text
    n = len(letter.paragraphs)
    roles: list[str | None] = [None] * n
    head = [i for i in range(n) if zones[i] == "head"]
    for i in head:
        p = letter.paragraphs[i]
        roles[i] = "date" if letter_date_span is not None and p.span.contains(letter_date_span) else "letterhead"
    if head:  # the last one-line head paragraph after the date line is the subject (a "Tid/Sted" table may follow it)
        one_line = [i for i in head if "\n" not in letter.paragraphs[i].span.slice(text)]
        last = one_line[-1] if one_line else head[-1]
        raw = letter.paragraphs[last].span.slice(text)
        if roles[last] == "letterhead" and "\n" not in raw and (last > 0 and roles[last - 1] == "date"
                                                                  or any(r == "date" for r in roles[:last])):
            roles[last] = "subject"
            # the subject line and a section heading below it ("Partshøring – påtænkt nedsættelse ..." then "1.
            # Påtænkt afgørelse"): each one-line head paragraph after the date line is a subject or heading, not
            # letterhead (a "Sagsnr.: ..." line is a label)
            dated = max(k for k in range(last) if roles[k] == "date") if "date" in roles[:last] else None
            for k in one_line:
                if dated is not None and dated < k < last and roles[k] == "letterhead" \
                        and not _LABEL.match(letter.paragraphs[k].span.slice(text)):
                    roles[k] = "subject"
    subject = subject_line(letter, zones, subject_cfg)  # a subject with facts or a warning, wherever it stands
    if subject is not None and roles[subject] == "letterhead" and "\n" not in letter.paragraphs[subject].span.slice(text):
        roles[subject] = "subject"
    for i in range(n):
        if zones[i] == "closing":
            roles[i] = "closing"
        elif zones[i] == "heading":
            roles[i] = "subject"
        elif zones[i] == "body" and is_greeting(letter.paragraphs[i].span.slice(text), lang) \
                and "\n" not in letter.paragraphs[i].span.slice(text):
            roles[i] = "greeting"
    return roles, subject

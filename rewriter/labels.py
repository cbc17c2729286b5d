"""Danish labels for codes and ids, in one place.

Levels, rule levels, applicability, review decisions, paragraph roles and fact kinds come from ``labels`` in
``rules/language/da.yml``; letter types from ``name``/``short_name`` in ``rules/letter_types.yml``.  A code
without a label is shown as it is.
"""

from __future__ import annotations

from rewriter.rules.language import language


def level(code: str) -> str:
    """ "error" -> "fejl" (a finding's level)."""
    return language().label("levels", code)


def rule_level(code: str) -> str:
    """ "required" -> "påkrævet" (an element's level in a rule)."""
    return language().label("rule_levels", code)


def applicability(code: str) -> str:
    """ "safe" -> "sikker" (a fix)."""
    return language().label("applicability", code)


def decision(code: str) -> str:
    """ "confirmed" -> "bekræftet" (a reviewer's decision)."""
    return language().label("decisions", code)


def element_status(code: str) -> str:
    """ "partial" -> "delvis" (an element's status)."""
    return language().label("element_statuses", code)


def file_status(code: str) -> str:
    """ "skipped" -> "sprunget over" (an audited file)."""
    return language().label("file_statuses", code)


def letter_types(rules=None) -> list[tuple[str, str]]:
    """(id, label) of every letter type of the rulebook, in its order (for menus)."""
    from rewriter.rules.rulebook import load_rulebook

    return [(tid, lt.label) for tid, lt in load_rulebook(rules).letter_types.items()]


def role(code: str) -> str:
    """ "key_message" -> "hovedbudskab" (a paragraph's role)."""
    return language().label("roles", code)


def fact_kind(kind: str, article: bool = False) -> str:
    """ "amount" -> "beløb" (with ``article``: "et beløb")."""
    label = language().label("fact_kinds", kind)
    return label if article else label.partition(" ")[2] or label


def letter_type(type_id: str, rules=None, long: bool = False) -> str:
    """ "afgoerelse_sanktion" -> "Afgørelse om sanktion" (``short_name``, or with ``long`` the ``name``)."""
    from rewriter.rules.rulebook import load_rulebook

    lt = load_rulebook(rules).type_config(type_id)
    if lt.id == "unknown" and type_id != "unknown":
        return type_id
    return lt.name if long else lt.label

"""``rewriter rules lint | explain CODE | list``: the rules folder for legal staff."""

from __future__ import annotations

import argparse
import sys
import textwrap
from typing import TYPE_CHECKING

from rewriter import labels
from rewriter.errors import UsageError

if TYPE_CHECKING:
    from rewriter.rules.rulebook import Rule, Rulebook

EXIT_CLEAN, EXIT_USAGE = 0, 2



def add_parser(sub) -> argparse.ArgumentParser:
    from rewriter.cli import _Parser

    r = sub.add_parser("rules", help="regelfilerne: lint, explain, list",
                       description="Regelfilerne: tjek dem for fejl (lint), forklar en regel (explain), list dem (list).")
    rsub = r.add_subparsers(dest="rules_command", parser_class=_Parser, title="kommandoer", metavar="KOMMANDO")
    lint_p = rsub.add_parser("lint", help="tjek regelfilerne for fejl")
    explain_p = rsub.add_parser("explain", help="forklar en regel")
    explain_p.add_argument("code", metavar="KODE", help="regelkoden, fx AFG006")
    list_p = rsub.add_parser("list", help="list reglerne")
    list_p.add_argument("--type", metavar="TYPE", dest="letter_type", default=None, help="kun regler for denne brevtype")
    for p in (lint_p, explain_p, list_p):
        p.add_argument("--rules", metavar="MAPPE", default=None, help="mappe med regelfiler (standard: de medfølgende)")
    return r


def run(args: argparse.Namespace) -> int:
    if args.rules_command == "lint":
        print(lint(args.rules))
        return EXIT_CLEAN
    if args.rules_command == "list":
        print(list_rules(args.rules, args.letter_type))
        return EXIT_CLEAN
    if args.rules_command == "explain":
        text = explain(args.rules, args.code)
        if text is None:
            raise UsageError(f"Der findes ingen regel med koden '{args.code}'.", code="C306",
                             hint="Se alle koder med 'rewriter rules list'.")
        print(text)
        return EXIT_CLEAN
    print("Brug: rewriter rules lint | explain CODE | list", file=sys.stderr)
    return EXIT_USAGE


def lint(rules_dir: str | None) -> str:
    """Validate every rules file and run every example; raises RuleFileError(s) with file:line:col."""
    from rewriter.rules.lint import lint as lint_rules

    return lint_rules(rules_dir)


def list_rules(rules_dir: str | None, letter_type: str | None = None) -> str:
    from rewriter.rules.rulebook import load_rulebook

    rb = load_rulebook(rules_dir)
    lines = []
    for r in sorted(rb.rules, key=lambda r: r.code):
        if letter_type and r.letter_types and letter_type not in r.letter_types:
            continue
        types = ",".join(r.letter_types) or "alle"
        lines.append(f"{r.code}  {r.name:<52} {types}")
    return "\n".join(lines)


def explain(rules_dir: str | None, code: str) -> str | None:
    from rewriter.rules.rulebook import load_rulebook

    rb = load_rulebook(rules_dir)
    rule = rb.rule(code)
    if rule is None:
        return None
    return _explain(rb, rule)


def _oneline(text: str) -> str:
    return text.replace("\n\n", " ¶ ").replace("\n", " / ")


def _wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(" ".join(text.split()), width=96, initial_indent=indent, subsequent_indent=indent)


def _explain(rb: Rulebook, rule: Rule) -> str:
    out = [f"{rule.code} {rule.name}", ""]
    out.append(f"Besked:    {rule.message}")
    out.append("Hvorfor:")
    out.append(_wrap(rule.why))
    element = next((e for e in rb.elements if e.rule is rule), None)
    if element is not None:
        out.append(f"Element:   {element.id} ({element.title})")
        if element.part_of:
            out.append(f"Del af:    {element.part_of}")
        out.append("Gælder for:")
        for tid, use in element.applies_to.items():
            confirmed = "bekræftet" if use.confirmed else "ikke bekræftet"
            out.append(f"  {tid}: {labels.rule_level(use.level)}; hjemmel: {use.legal_basis} ({confirmed})")
        for kind, over in element.by_kind.items():
            parts = [f"hjemmel: {over.legal_basis}" if over.legal_basis else "",
                     f"tekststykke: {over.snippet}" if over.snippet else "",
                     f"niveau: {labels.rule_level(over.level)}" if over.level else ""]
            out.append(f"  sanktionsart {kind}: {'; '.join(p for p in parts if p)}")
        if element.kinds:
            out.append(f"Kun ved:   sanktionsarterne {', '.join(element.kinds)}")
        if element.requires_all:
            out.append("Skal have:")
            out += [f"  - {part.label}" for part in element.requires_all]
        if element.wrong:
            out.append("Forkert, hvis brevet:")
            out += [_wrap(w.message, "  - ") for w in element.wrong]
        out.append(f"Mønstre:   {len(element.detectors)} (se {rule.path})")
        if element.snippet:
            out.append(f"Rettelse:  indsæt letter_templates/snippets/{element.snippet}")
    else:
        out.append(f"Niveau:    {labels.rule_level(rule.level)}")
        out.append(f"Hjemmel:   {rule.legal_basis or '-'} ({'bekræftet' if rule.confirmed else 'ikke bekræftet'})")
        out.append(f"Brevtyper: {', '.join(rule.letter_types) or 'alle'}")
        if rule.profile:
            out.append(f"Profil:    {rule.profile}")
    valid = f"{rule.valid_from or '-'} til {rule.valid_to or 'i dag'}"
    out.append(f"Gyldig:    {valid}")
    out.append("Kilde:" if rule.sources else "Kilde:     ingen angivet")
    for src in rule.sources:
        line = str(src) + (f" ({src.note})" if src.note else "") + (f" {src.url}" if src.url else "")
        out.append(textwrap.fill(line, width=96, initial_indent="  - ", subsequent_indent="    "))
    if rb.law.verified_until:
        out.append(f"Loven er læst til og med {rb.law.verified_until.isoformat()}; for breve dateret senere er "
                   "hjemlen ikke bekræftet.")
    out.append(f"Fil:       {rule.path}")
    out.append("")
    out.append("Eksempler, der skal give fundet:")
    out += [_wrap(_oneline(ex.text), "  - ") for ex in rule.examples_fail]
    out.append("Eksempler, der ikke må give fundet:")
    out += [_wrap(_oneline(ex.text), "  + ") for ex in rule.examples_pass]
    return "\n".join(out)

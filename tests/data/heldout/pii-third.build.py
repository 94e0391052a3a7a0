#!/usr/bin/env python3
"""Builds pii-third.jsonl from pii-third.marked.txt (ID<TAB>text; [[type|span]] = an
annotated personal detail; {{kind|span}} = a quasi-identifier, not a redaction span;
literal \\n = newline). Offsets are Unicode code points, end exclusive, like pii-dev.
Each row: {"id", "text", "spans": [...], "quasi": [{"start","end","kind","text"}],
"identifying": true when the text holds two or more quasi-identifiers}.
Usage: python3 pii-third.build.py [--check]  (--check: fail if the JSONL differs)."""
import json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
TYPES = {"name", "personnummer", "phone", "email", "address", "postal_code",
         "url", "plate", "case_number", "bank", "ip"}
KINDS = {"locality", "age", "institution", "diagnosis", "workplace"}
TOK = re.compile(r"\[\[([a-z_]+)\|([^\]]+)\]\]|\{\{([a-z]+)\|([^}]+)\}\}")


def build():
    rows, seen = [], set()
    for n, line in enumerate(open(os.path.join(HERE, "pii-third.marked.txt"), encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        rid, marked = line.split("\t", 1)
        if rid in seen:
            sys.exit(f"line {n}: duplicate id {rid}")
        seen.add(rid)
        marked = marked.replace("\\n", "\n")
        text, spans, quasi, pos = "", [], [], 0
        for m in TOK.finditer(marked):
            text += marked[pos:m.start()]
            kind, span = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            if span != span.strip():
                sys.exit(f"line {n}: span with spaces at its ends")
            entry = {"start": len(text), "end": len(text) + len(span)}
            if m.group(1):
                if kind not in TYPES:
                    sys.exit(f"line {n}: unknown type {kind}")
                spans.append({**entry, "type": kind, "text": span})
            else:
                if kind not in KINDS:
                    sys.exit(f"line {n}: unknown kind {kind}")
                quasi.append({**entry, "kind": kind, "text": span})
            text += span
            pos = m.end()
        text += marked[pos:]
        for s in spans + quasi:
            assert text[s["start"]:s["end"]] == s["text"]
        rows.append({"id": rid, "text": text, "spans": spans, "quasi": quasi,
                     "identifying": len(quasi) >= 2})
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), rows


out, rows = build()
dst = os.path.join(HERE, "pii-third.jsonl")
if "--check" in sys.argv:
    sys.exit(0 if open(dst, encoding="utf-8").read() == out else "pii-third.jsonl is stale")
open(dst, "w", encoding="utf-8").write(out)
print(f"{len(rows)} texts, {sum(len(r['spans']) for r in rows)} spans, "
      f"{sum(len(r['quasi']) for r in rows)} quasi-identifiers, "
      f"{sum(r['identifying'] for r in rows)} identifying texts")

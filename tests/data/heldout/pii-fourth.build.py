#!/usr/bin/env python3
"""Derive pii-fourth.jsonl from pii-fourth.marked.txt.

Marks: [[type|text]] = annotated span; {{n|...}} hard negative and {{w|...}}
workplace/school/care-home name, both left unannotated (w adds the class
"workplace"); a literal backslash-n is a newline. Offsets are in Unicode code
points (Python str indices). `--check` compares with the existing jsonl instead
of writing it.
"""
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "pii-fourth.marked.txt"
OUT = HERE / "pii-fourth.jsonl"
TYPES = {"name", "personnummer", "phone", "email", "address", "postal_code",
         "plate", "case_number", "bank", "url", "ip"}
CLASS = {"name": "name", "personnummer": "personnummer", "phone": "phone_email",
         "email": "phone_email", "address": "address", "postal_code": "address",
         "plate": "plate", "case_number": "case_number", "bank": "bank",
         "url": "url_ip", "ip": "url_ip"}
MARK = re.compile(r"\[\[(\w+)\|(.*?)\]\]|\{\{(\w+)\|(.*?)\}\}")


def unescape(s):
    return s.replace("\\n", "\n")


def parse(line):
    rid, raw = line.split("\t", 1)
    text, spans, classes, workplace, pos = "", [], [], False, 0
    for m in MARK.finditer(raw):
        text += unescape(raw[pos:m.start()])
        if m.group(1):
            typ, val = m.group(1), unescape(m.group(2))
            if typ not in TYPES:
                raise SystemExit(f"{rid}: unknown type {typ}")
            start = len(text)
            text += val
            spans.append({"start": start, "end": len(text), "type": typ, "text": val})
            if CLASS[typ] not in classes:
                classes.append(CLASS[typ])
        else:
            kind, val = m.group(3), unescape(m.group(4))
            if kind not in ("n", "w"):
                raise SystemExit(f"{rid}: unknown mark {kind}")
            workplace |= kind == "w"
            text += val
        pos = m.end()
    text += unescape(raw[pos:])
    for ch in ("[[", "]]", "{{", "}}"):
        if ch in text:
            raise SystemExit(f"{rid}: stray {ch}")
    for s in spans:
        assert text[s["start"]:s["end"]] == s["text"], (rid, s)
        assert s["text"] == s["text"].strip(), (rid, s)
    if workplace:
        classes.append("workplace")
    if not classes:
        classes = ["negative"]
    return {"id": rid, "text": text, "spans": spans, "classes": classes}


def main():
    rows = [parse(l.rstrip("\n")) for l in SRC.read_text(encoding="utf-8").splitlines()
            if l.strip() and not l.startswith("#")]
    ids = [r["id"] for r in rows]
    assert ids == [f"f{i:03d}" for i in range(1, len(rows) + 1)], "ids not f001.. in order"
    out = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if "--check" in sys.argv:
        same = OUT.read_text(encoding="utf-8") == out
        print("pii-fourth.jsonl up to date" if same else "pii-fourth.jsonl differs")
        sys.exit(0 if same else 1)
    OUT.write_text(out, encoding="utf-8")
    counts = {}
    for r in rows:
        for s in r["spans"]:
            counts[s["type"]] = counts.get(s["type"], 0) + 1
    neg = sum(1 for r in rows if not r["spans"])
    print(f"{len(rows)} texts, {sum(counts.values())} spans, {neg} without spans")
    for t in sorted(counts, key=lambda t: -counts[t]):
        print(f"  {t}: {counts[t]} spans in {sum(1 for r in rows if any(s['type'] == t for s in r['spans']))} texts")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Independent check of pii-heldout.jsonl: offsets are Unicode code points (Python str indices), end exclusive.
Re-derives every span from the marked file by string search and compares with the JSONL."""
import json, re, sys, os
HERE = os.path.dirname(os.path.abspath(__file__))
TYPES = {"name","personnummer","phone","email","address","postal_code","url","plate","case_number","bank","ip"}
TOK = re.compile(r"\[\[([a-z_]+)\|([^\]]+)\]\]|\{\{([wn])\|([^}]+)\}\}")
marked = {}
for line in open(os.path.join(HERE, "pii-heldout.marked.txt"), encoding="utf-8"):
    if line.startswith("#") or not line.strip(): continue
    rid, m = line.rstrip("\n").split("\t", 1)
    marked[rid] = m.replace("\\n", "\n")
errors = 0; nspans = 0; nonascii = 0
for line in open(os.path.join(HERE, "pii-heldout.jsonl"), encoding="utf-8"):
    r = json.loads(line); t = r["text"]
    # 1) plain text of the marked line must equal the JSONL text
    plain = TOK.sub(lambda m: m.group(2) or m.group(4), marked[r["id"]])
    if plain != t: errors += 1; print("text mismatch", r["id"])
    # 2) expected spans, located by searching the plain text left to right
    want = []; pos = 0; cur = marked[r["id"]]; out = ""
    for m in TOK.finditer(cur):
        out += cur[pos:m.start()]
        if m.group(1):
            s = m.group(2); start = t.find(s, len(out))
            want.append((start, start + len(s), m.group(1), s))
        out += m.group(2) or m.group(4); pos = m.end()
    got = [(s["start"], s["end"], s["type"], s["text"]) for s in r["spans"]]
    if sorted(got) != sorted(want): errors += 1; print("span mismatch", r["id"], got, want)
    for a, b, typ, s in got:
        nspans += 1
        if typ not in TYPES or t[a:b] != s: errors += 1; print("bad span", r["id"], a, b, typ, s)
        if len(t[:a].encode("utf-8")) != a: nonascii += 1
    if r["spans"] and "negative" in r["classes"]: errors += 1; print("negative flag wrong", r["id"])
    if not r["spans"] and not ({"negative", "workplace"} & set(r["classes"])): errors += 1; print("class missing", r["id"])
print(f"{nspans} spans checked, {errors} errors; {nonascii} spans whose code-point offset differs from the UTF-8 byte offset")
sys.exit(1 if errors else 0)

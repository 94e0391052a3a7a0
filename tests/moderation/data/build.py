#!/usr/bin/env python3
"""Convert a marked file (ID<TAB>text with [[type|span]] markers, \\n for a newline)
into the pii-dev JSONL format: {"id", "text", "spans": [{"start","end","type","text"}]}
with code-point offsets. Usage: python3 build.py IN.marked.txt OUT.jsonl"""
import json
import sys

TYPES = {"name", "personnummer", "phone", "email", "address", "postal_code",
         "url", "plate", "case_number", "bank", "ip"}


def parse(s, where):
    out, spans, i, pos = [], [], 0, 0
    while True:
        j = s.find("[[", i)
        if j < 0:
            out.append(s[i:])
            break
        out.append(s[i:j])
        pos += j - i
        k, e = s.find("|", j + 2), s.find("]]", j + 2)
        if k < 0 or e < 0 or k > e:
            sys.exit(f"{where}: malformed marker")
        typ, span = s[j + 2:k], s[k + 1:e]
        if typ not in TYPES or not span or span != span.strip():
            sys.exit(f"{where}: bad span {typ!r} {span!r}")
        spans.append({"start": pos, "end": pos + len(span), "type": typ, "text": span})
        out.append(span)
        pos += len(span)
        i = e + 2
    return "".join(out), spans


def main():
    src, dst = sys.argv[1], sys.argv[2]
    seen, rows = set(), []
    with open(src, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            rid, marked = line.split("\t", 1)
            if rid in seen:
                sys.exit(f"{src}:{n}: duplicate id {rid}")
            seen.add(rid)
            text, spans = parse(marked.replace("\\n", "\n"), f"{src}:{n}")
            rows.append({"id": rid, "text": text, "spans": spans})
    with open(dst, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(rows)} texts, {sum(len(r['spans']) for r in rows)} spans")


if __name__ == "__main__":
    main()

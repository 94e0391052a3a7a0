#!/usr/bin/env python3
"""Lists C++ functions longer than a limit (default 150 lines), longest first.

Usage: scripts/function-lengths.py [--limit N] [folder ...]   (default: server store)

A heuristic for clang-formatted code, not a parser: a function starts at a line that
opens a brace after a parameter list at namespace or class level (not a control
statement, lambda, class or initialiser) and ends at its matching brace. Braces in
string and character literals and in comments are ignored. Exits 1 if any function is
over the limit, so CI or a reviewer can run it.
"""
import argparse
import pathlib
import re
import sys

CONTROL = re.compile(r"^\s*(if|for|while|switch|catch|do|else|return|case)\b")
HEAD = re.compile(r"\)\s*(const\s*)?(noexcept\s*)?(override\s*)?(->\s*[\w:<>,\s*&]+)?\s*\{\s*$")


def strip(line, state):
    """`line` without literals and comments; `state` carries an open /* comment."""
    out = []
    i = 0
    while i < len(line):
        if state["block"]:
            end = line.find("*/", i)
            if end < 0:
                return "".join(out)
            state["block"] = False
            i = end + 2
            continue
        c = line[i]
        if line.startswith("//", i):
            break
        if line.startswith("/*", i):
            state["block"] = True
            i += 2
            continue
        if line.startswith('R"', i):
            m = re.match(r'R"([^(]*)\(', line[i:])
            if m:
                end = line.find(")" + m.group(1) + '"', i)
                i = len(line) if end < 0 else end + len(m.group(1)) + 2
                continue
        if c in "\"'":
            j = i + 1
            while j < len(line) and line[j] != c:
                j += 2 if line[j] == "\\" else 1
            i = j + 1
            continue
        out.append(c)
        i += 1
    return "".join(out)


def functions(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    state = {"block": False}
    code = [strip(l, state) for l in lines]
    depth = 0
    open_fn = None  # (name line index, depth at start)
    found = []
    for n, line in enumerate(code):
        if open_fn is None and HEAD.search(line) and not CONTROL.match(line) and "[" not in line.split("(")[0] and "=" not in line.split("(")[0]:
            # The signature may span lines: go up while the line above continues it.
            start = n
            while start > 0:
                above = code[start - 1].rstrip()
                if not above.strip() or above.endswith((";", "}", "{", ":")) or above.lstrip().startswith("#"):
                    break
                start -= 1
            open_fn = (start, depth)
        depth += line.count("{") - line.count("}")
        if open_fn is not None and depth <= open_fn[1]:
            start = open_fn[0]
            name = lines[start].strip()
            found.append((n - start + 1, f"{path}:{start + 1}", name))
            open_fn = None
    return found


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=150)
    ap.add_argument("folders", nargs="*", default=["server", "store"])
    args = ap.parse_args()
    rows = []
    for folder in args.folders:
        for p in sorted(pathlib.Path(folder).rglob("*")):
            if p.suffix in (".cpp", ".hpp"):
                rows += functions(p)
    over = sorted((r for r in rows if r[0] > args.limit), reverse=True)
    for length, where, name in over:
        print(f"{length:5d}  {where}  {name[:80]}")
    print(f"{len(rows)} functions, {len(over)} longer than {args.limit} lines", file=sys.stderr)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())

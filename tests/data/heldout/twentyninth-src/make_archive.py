#!/usr/bin/env python3
"""Write archive-twentyninth.jsonl (a001-a040) and archive-combined-29.jsonl (the 560 lines of
archive-combined-24.jsonl byte for byte, then the 40 new records) into the parent folder.
archive-combined-24.jsonl is read from the parent folder if it is there, else from
/work/main/tests/data/heldout/. Dates come from a fixed seed (29029)."""
import json, os, random, sys
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import r1, r2, r3, r4

TEAM = {
    "ekonomiskt-bistand": "Socialrådgivningen, team Ekonomi",
    "barn-och-familj": "Socialrådgivningen, team Barn och familj",
    "missbruk": "Socialrådgivningen, team Beroende",
    "vald-i-nara-relationer": "Socialrådgivningen, team Våld i nära relationer",
    "funktionsnedsattning": "Socialrådgivningen, team Funktionsstöd",
    "aldreomsorg": "Socialrådgivningen, team Äldreomsorg",
    "boende": "Socialrådgivningen, team Ekonomi och boende",
    "rattigheter-och-bemotande": "Socialrådgivningen",
}
PLAIN = "Socialrådgivningen"

def old_path():
    p = os.path.join(OUT, "archive-combined-24.jsonl")
    return p if os.path.exists(p) else "/work/main/tests/data/heldout/archive-combined-24.jsonl"

def main():
    recs = r1.R + r2.R + r3.R + r4.R
    assert len(recs) == 40, len(recs)
    rnd = random.Random(29029)
    tz = timezone(timedelta(hours=2))  # summer time, Aug-Sep 2027
    t = datetime(2027, 8, 5, 7, 40, tzinfo=tz)
    out = []
    for i, r in enumerate(recs, 1):
        t = t + timedelta(minutes=rnd.randint(17 * 60, 29 * 60))
        ans = t + timedelta(minutes=rnd.randint(18 * 60, 58 * 60))
        out.append({
            "id": "a%03d" % i,
            "title": r["t"],
            "question": r["q"],
            "pseudonym": r["p"],
            "answer": r["a"],
            "signature": TEAM[r["c"]] if r["s"] == "team" else PLAIN,
            "category": r["c"],
            "asked_at": t.isoformat(),
            "answered_at": ans.isoformat(),
        })
    lines = [json.dumps(o, ensure_ascii=False) + "\n" for o in out]
    with open(os.path.join(OUT, "archive-twentyninth.jsonl"), "w", encoding="utf-8") as f:
        f.writelines(lines)
    with open(old_path(), "rb") as f:
        old = f.read()
    assert old.endswith(b"\n") and old.count(b"\n") == 560
    with open(os.path.join(OUT, "archive-combined-29.jsonl"), "wb") as f:
        f.write(old)
        f.write("".join(lines).encode("utf-8"))
    print("wrote", os.path.join(OUT, "archive-twentyninth.jsonl"), "and",
          os.path.join(OUT, "archive-combined-29.jsonl"), "(%d new records)" % len(out))

if __name__ == "__main__":
    main()

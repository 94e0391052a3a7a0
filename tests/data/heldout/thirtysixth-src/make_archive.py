"""Build archive-thirtysixth.jsonl (g001-g040) and archive-combined-36.jsonl (640 old + 40 new).

Reads r1.py-r4.py beside this file (10 records each, in id order), checks the category order,
assigns ids, maps signature codes, assigns dates with a fixed seed and writes both files into
the parent folder. archive-combined-30.jsonl is read from the parent folder if present, else
from /work/main/tests/data/heldout/.
"""
import datetime
import json
import os
import random
import runpy

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)
SEED = 36036
CATS = ["ekonomiskt-bistand", "barn-och-familj", "missbruk", "vald-i-nara-relationer",
        "funktionsnedsattning", "aldreomsorg", "boende", "rattigheter-och-bemotande"]
TEAM = {
    "ekonomiskt-bistand": "Socialrådgivningen, team Ekonomi",
    "barn-och-familj": "Socialrådgivningen, team Barn och familj",
    "missbruk": "Socialrådgivningen, team Beroende",
    "vald-i-nara-relationer": "Socialrådgivningen, team Våld i nära relationer",
    "funktionsnedsattning": "Socialrådgivningen, team Funktionsstöd",
    "aldreomsorg": "Socialrådgivningen, team Äldreomsorg",
    "boende": "Socialrådgivningen, team Ekonomi och boende",
}
PLAIN = "Socialrådgivningen"
# first question after every timestamp of the earlier parts (latest: 2028-01-15T12:09+01:00, e040)
START = datetime.datetime(2028, 1, 18, 7, 40)
TZ = "+01:00"  # winter time for the whole span


def combined30():
    p = os.path.join(OUT, "archive-combined-30.jsonl")
    if not os.path.exists(p):
        p = "/work/main/tests/data/heldout/archive-combined-30.jsonl"
    with open(p, "rb") as f:
        return f.read()


def main():
    src = []
    for n in range(1, 5):
        src += runpy.run_path(os.path.join(HERE, "r%d.py" % n))["RECORDS"]
    assert len(src) == 40, len(src)
    rng = random.Random(SEED)
    t = START
    out = []
    for i, r in enumerate(src):
        assert set(r) == {"t", "q", "p", "a", "c", "s"}, r.keys()
        assert r["c"] == CATS[i % 8], (i, r["c"])
        sig = TEAM[r["c"]] if r["s"] == "team" else PLAIN
        assert r["s"] in ("team", "plain")
        if i:
            t = t + datetime.timedelta(minutes=rng.randint(17 * 60, 25 * 60))
        ans = t + datetime.timedelta(minutes=rng.randint(18 * 60, 58 * 60))
        fmt = "%Y-%m-%dT%H:%M:00" + TZ
        out.append({
            "id": "g%03d" % (i + 1),
            "title": r["t"],
            "question": r["q"],
            "pseudonym": r["p"],
            "answer": r["a"],
            "signature": sig,
            "category": r["c"],
            "asked_at": t.strftime(fmt),
            "answered_at": ans.strftime(fmt),
        })
    assert ans < datetime.datetime(2028, 3, 26), "would cross into summer time"
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out).encode("utf-8")
    with open(os.path.join(OUT, "archive-thirtysixth.jsonl"), "wb") as f:
        f.write(data)
    base = combined30()
    assert base.endswith(b"\n")
    with open(os.path.join(OUT, "archive-combined-36.jsonl"), "wb") as f:
        f.write(base + data)
    print("wrote %d records, asked %s .. %s, last answer %s" % (
        len(out), out[0]["asked_at"], out[-1]["asked_at"], max(r["answered_at"] for r in out)))


if __name__ == "__main__":
    main()

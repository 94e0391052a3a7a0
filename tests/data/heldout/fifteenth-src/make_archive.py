import json, sys, os, datetime, random
here=os.path.dirname(os.path.abspath(__file__)); sys.path.insert(0, here)
import r1, r2, r3, r4, r5, r6
R=r1.R
out=os.path.dirname(here)
random.seed(15)
t=datetime.datetime(2026,10,31,9,0)
tz="+01:00"
recs=[]
for i,x in enumerate(R,1):
    day=datetime.datetime(2026,10,31)+datetime.timedelta(days=(i*5)//9)
    t=max(t+datetime.timedelta(minutes=47), day.replace(hour=random.randint(7,21), minute=random.randint(0,59)))
    ans=(t+datetime.timedelta(days=random.randint(1,2))).replace(hour=random.randint(8,16), minute=random.randint(0,59))
    recs.append({"id":"u%03d"%i,"title":x["title"],"question":x["question"],"pseudonym":x["pseudonym"],"answer":x["answer"],"signature":x["signature"],"category":x["category"],"asked_at":t.strftime("%Y-%m-%dT%H:%M:00")+tz,"answered_at":ans.strftime("%Y-%m-%dT%H:%M:00")+tz})
with open(os.path.join(out,"archive-fifteenth.jsonl"),"w") as f:
    for x in recs: f.write(json.dumps(x,ensure_ascii=False)+"\n")
old=open("/work/main/tests/data/heldout/archive-combined.jsonl").read()
with open(os.path.join(out,"archive-combined-15.jsonl"),"w") as f:
    f.write(old if old.endswith("\n") else old+"\n")
    for x in recs: f.write(json.dumps(x,ensure_ascii=False)+"\n")
print(len(recs))

-- wrk script: distinct Swedish search queries read from the file in env BENCH_QUERIES
-- (bench/http/gen_queries.py), each thread walking the list from its own offset, so
-- most requests are first-time queries (uncached) unless the run wraps around.
-- Each wrk thread has its own Lua state: without a seed of its own, every thread would
-- draw the same sequence, and every request would come twice within moments (the second
-- one answered by a cache). The seed also differs between runs.
--
-- With env BENCH_RATE set, the queries are offered at that rate instead of as fast as
-- the server answers: each of the BENCH_CONNECTIONS (default 64) connections waits a
-- random 0–2× (connections / rate) seconds between its requests. wrk's latency excludes
-- the wait. Flat out, with 64 connections always busy, latency is 64 / throughput
-- (Little's law); at an offered rate below capacity it shows service time and queueing.
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end
local queries = {}
for line in io.lines(os.getenv("BENCH_QUERIES")) do queries[#queries + 1] = line end
local i = 0
init = function(args)
  math.randomseed(os.time() * 1000 + (thread_id or 0))
  i = math.random(1, #queries)
end
local rate = tonumber(os.getenv("BENCH_RATE") or "")
if rate then
  local connections = tonumber(os.getenv("BENCH_CONNECTIONS") or "64")
  delay = function()
    return math.random() * 2 * 1000 * connections / rate
  end
end
request = function()
  i = i + 1
  return wrk.format("GET", "/sok?q=" .. queries[(i % #queries) + 1])
end

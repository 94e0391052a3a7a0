-- wrk script: distinct search queries (as search_varied.lua) at a fixed offered rate
-- instead of as fast as the server answers: each of the connections waits a random
-- 0–2× (connections / BENCH_RATE) seconds between its requests, so the connections
-- together offer about BENCH_RATE requests per second (default 800). wrk's latency
-- excludes the wait. With 64 connections kept busy, latency is 64 / throughput by
-- Little's law; at an offered rate below capacity it shows the service time and queueing.
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end
local queries = {}
for line in io.lines(os.getenv("BENCH_QUERIES")) do queries[#queries + 1] = line end
local rate = tonumber(os.getenv("BENCH_RATE") or "800")
local connections = tonumber(os.getenv("BENCH_CONNECTIONS") or "64")
local i = 0
init = function(args)
  math.randomseed(os.time() * 1000 + (thread_id or 0))
  i = math.random(1, #queries)
end
delay = function()
  return math.random() * 2 * 1000 * connections / rate
end
request = function()
  i = i + 1
  return wrk.format("GET", "/sok?q=" .. queries[(i % #queries) + 1])
end

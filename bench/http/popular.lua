-- wrk script: question pages with a popularity skew, as real readers arrive: 80 % of
-- requests go to the 2 000 most-read questions, the rest spread over all N (env BENCH_N).
-- Each wrk thread has its own Lua state: without a seed of its own, every thread would
-- draw the same sequence, and every request would come twice within moments (the second
-- one answered by a cache). The seed also differs between runs.
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end
local n = tonumber(os.getenv("BENCH_N") or "100000")
init = function(args)
  math.randomseed(os.time() * 1000 + (thread_id or 0))
end
request = function()
  local id
  if math.random() < 0.8 then id = math.random(1, math.min(2000, n)) else id = math.random(1, n) end
  return wrk.format("GET", "/fraga/" .. id)
end

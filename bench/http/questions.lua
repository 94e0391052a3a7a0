-- wrk script: question pages /fraga/1 .. /fraga/N chosen at random (N from env BENCH_N).
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
  return wrk.format("GET", "/fraga/" .. math.random(1, n))
end

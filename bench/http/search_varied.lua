-- wrk script: distinct Swedish search queries read from the file in env BENCH_QUERIES
-- (bench/http/gen_queries.py), each thread walking the list from its own offset, so
-- most requests are first-time queries (uncached) unless the run wraps around.
local queries = {}
for line in io.lines(os.getenv("BENCH_QUERIES")) do queries[#queries + 1] = line end
local i = 0
init = function(args)
  i = math.random(1, #queries)
end
request = function()
  i = i + 1
  return wrk.format("GET", "/sok?q=" .. queries[(i % #queries) + 1])
end

-- wrk script: question pages with a popularity skew, as real readers arrive: 80 % of
-- requests go to the 2 000 most-read questions, the rest spread over all N (env BENCH_N).
local n = tonumber(os.getenv("BENCH_N") or "100000")
math.randomseed(7)
request = function()
  local id
  if math.random() < 0.8 then id = math.random(1, math.min(2000, n)) else id = math.random(1, n) end
  return wrk.format("GET", "/fraga/" .. id)
end

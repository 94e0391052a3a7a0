-- wrk script: question pages /fraga/1 .. /fraga/N chosen at random (N from env BENCH_N).
local n = tonumber(os.getenv("BENCH_N") or "100000")
math.randomseed(42)
request = function()
  return wrk.format("GET", "/fraga/" .. math.random(1, n))
end

-- wrk script: Swedish search queries in the readers' own words, rotating.
local queries = {
  "hyra+f%C3%B6rs%C3%B6rjningsst%C3%B6d", "soc+vill+ta+barnen", "beslutet+%C3%B6verklaga",
  "or%C3%B6sanm%C3%A4lan", "personlig+assistans", "hemtj%C3%A4nst+mamma", "v%C3%A5ld+sambo",
  "skulder+kronofogden", "missbruk+alkohol", "boendest%C3%B6d", "LVU", "bist%C3%A5nd+tandv%C3%A5rd",
  "familjehem+18", "v%C3%A4rdnad+umg%C3%A4nge", "skyddat+boende", "barnen",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/sok?q=" .. queries[(i % #queries) + 1])
end

-- wrk: GET /users/{id} on random existing ids.
-- Arguments after --: the smallest and the largest existing id.
local threads = 0

function setup(thread)
    threads = threads + 1
    thread:set("thread_id", threads)
end

function init(args)
    first_id = tonumber(args[1]) or 1
    last_id = tonumber(args[2]) or 10000
    math.randomseed(os.time() * 1000 + (thread_id or 0))
end

function request()
    return wrk.format("GET", "/users/" .. math.random(first_id, last_id))
end

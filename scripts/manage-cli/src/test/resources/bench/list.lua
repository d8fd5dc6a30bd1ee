-- wrk: GET /users?page=N&size=20 on random pages that hold users.
-- Argument after --: the number of full pages.
local threads = 0

function setup(thread)
    threads = threads + 1
    thread:set("thread_id", threads)
end

function init(args)
    pages = tonumber(args[1]) or 500
    math.randomseed(os.time() * 1000 + (thread_id or 0))
end

function request()
    return wrk.format("GET", "/users?page=" .. math.random(0, pages - 1) .. "&size=20")
end

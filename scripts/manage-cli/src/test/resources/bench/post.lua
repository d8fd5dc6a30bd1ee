-- wrk: POST /users with a unique email per request: prefix (argument after --), thread id and a counter.
local threads = 0

function setup(thread)
    threads = threads + 1
    thread:set("thread_id", threads)
end

function init(args)
    prefix = args[1] or "wrk"
    counter = 0
end

function request()
    counter = counter + 1
    local body = '{"email":"' .. prefix .. "-" .. thread_id .. "-" .. counter .. '@example.com"}'
    return wrk.format("POST", "/users", { ["Content-Type"] = "application/json" }, body)
end

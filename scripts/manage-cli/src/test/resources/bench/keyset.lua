-- wrk: GET /users?after=ID&size=20, following each answer's Link rel="next"; after the last page, the first again.
-- Argument after --: the page size. The connections of a thread share the next page, so a page may be asked for
-- by several connections at once: each request still costs the same index range scan.
function init(args)
    first = "/users?after=0&size=" .. (args[1] or "20")
    next_page = first
end

function request()
    return wrk.format("GET", next_page)
end

function response(status, headers, body)
    local link = headers["Link"] or headers["link"] or ""
    next_page = string.match(link, '<([^>]*)>; rel="next"') or first
end

-- wrk script for the write loads of bench/pages.sh. WRITES chooses the load:
--   mixed:    one request in 20 is a write (a rating, or a vote on a comment, in turn, spread
--             over ARTICLES and COMMENTS), the others read PAGE;
--   ratings:  every request rates one of ARTICLES;
--   comments: every request posts a comment on one of ARTICLES with the form's time stamp
--             FORM_TS and the stamp cookie STAMP_COOKIE, as the page gave them (its honeypot
--             left empty).
-- Each write comes from a new browser (no cookie yet: the server gives it one), so each stored
-- row is one write, and from an address of its own, as the reverse proxy in front of a real
-- site tells it (`X-Forwarded-For`, the server trusting 127.0.0.1 as its proxy): a network
-- (/48) per write in the documentation prefix 3fff::/20, a block of them per load, so the
-- flood limits stay at their defaults and no two writes share an address's lock. A write that is taken answers a redirect (303), a read answers 200; done()
-- prints "WRITES <taken> <refused> <reads> <seconds>" for the script to compare with the database.
-- Writes are sent during the first WRITE_SECONDS only, then reads (PAGE, or /health for the
-- write loads): wrk drops the requests still in flight when it stops, and a write answered
-- after that would be stored without being counted.

local ffi = require("ffi")
ffi.cdef [[
    typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
    int clock_gettime(int clock, bench_timespec *now);
]]
local function now()
    local t = ffi.new("bench_timespec")
    ffi.C.clock_gettime(1, t)
    return tonumber(t.tv_sec) + tonumber(t.tv_nsec) / 1e9
end

local mode = os.getenv("WRITES") or "mixed"
local window = tonumber(os.getenv("WRITE_SECONDS") or "2")
local page = os.getenv("PAGE_PATH") or "/"
local stamp = os.getenv("FORM_TS") or ""
local stamp_cookie = os.getenv("STAMP_COOKIE") or ""
local articles, comments = {}, {}
for slug in (os.getenv("ARTICLES") or ""):gmatch("%S+") do table.insert(articles, slug) end
for id in (os.getenv("COMMENTS") or ""):gmatch("%S+") do table.insert(comments, id) end

local threads = {}
function setup(thread)
    thread:set("tid", #threads + 1)
    table.insert(threads, thread)
end

function init(args)
    taken, refused, reads, sent = 0, 0, 0, 0
    started = nil
end

local block = ({ mixed = 1, ratings = 2, comments = 3 })[mode] or 4

-- The headers of a form sent by a new browser from an address of its own.
local function headers(cookie)
    local h = {
        ["Content-Type"] = "application/x-www-form-urlencoded",
        ["X-Forwarded-For"] = string.format("3fff:%x:%x::1", block * 16 + tid, sent % 65536),
    }
    if cookie ~= "" then h["Cookie"] = cookie end
    return h
end

local function rating()
    local slug = articles[sent % #articles + 1]
    return wrk.format("POST", "/articles/" .. slug .. "/rating", headers(""), "stars=" .. (sent % 5 + 1))
end

local function vote()
    local id = comments[sent % #comments + 1]
    return wrk.format("POST", "/comments/" .. id .. "/vote", headers(""), "value=1")
end

local function comment()
    local slug = articles[sent % #articles + 1]
    local body = string.format(
        "form_ts=%s&website=&notify=none&author_name=Lecteur+%d&author_email=lecteur%d.%d%%40example.org"
            .. "&body=Remarque+%d.%d+sur+la+marge+du+segment+B+et+le+co%%C3%%BBt+des+cellules.",
        stamp, tid, tid, sent, tid, sent)
    return wrk.format("POST", "/articles/" .. slug .. "/comments", headers(stamp_cookie), body)
end

function request()
    sent = sent + 1
    started = started or now()
    if now() - started >= window then
        return wrk.format("GET", mode == "mixed" and page or "/health")
    end
    if mode == "ratings" then return rating() end
    if mode == "comments" then return comment() end
    if sent % 20 ~= 0 then return wrk.format("GET", page) end
    if (sent / 20) % 2 == 0 then return rating() end
    return vote()
end

function response(status, headers, body)
    if status == 200 then
        if mode == "mixed" then reads = reads + 1 end
    elseif status >= 300 and status < 400 then
        taken = taken + 1
    else
        refused = refused + 1
    end
end

function done(summary, latency, requests)
    local t, r, n = 0, 0, 0
    for _, thread in ipairs(threads) do
        t = t + thread:get("taken")
        r = r + thread:get("refused")
        n = n + thread:get("reads")
    end
    io.write(string.format("WRITES %d %d %d %.3f\n", t, r, n, summary.duration / 1e6))
end

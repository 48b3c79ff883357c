#!lua name=rollcall
--[[
rollcall attendance functions (Redis >= 7.0). docs/publishing.md is the contract.

Every key of one event shares the hash tag {<eventId>} so the event lives on one
Cluster shard. The one declared key is the event's base key "<prefix>{<eventId>}";
the others are derived from it:
  <base>:meta     hash    epoch, seq
  <base>:guests   hash    guestId -> latest AttendanceUpdate (JSON)
  <base>:counts   hash    <STATUS>:g (guests), <STATUS>:p (pax)
  <base>:history  stream  envelopes, entry id "<seq>-0", bounded
  <base>:updates  sharded pub/sub channel of envelopes (SPUBLISH)

FCALL rollcall_publish 1 <base> <AttendanceUpdate JSON>
  -> { seq, epoch, messageId, envelope JSON }
FCALL_RO rollcall_catchup 1 <base> <epoch> <sinceSeq>
  -> { "replay", epoch, seq, envelope... }  history covers the position
  -> { "reset", epoch, seq, counts JSON, guest JSON... }  a fresh snapshot
FCALL_RO rollcall_version 0 -> "<library version>:<history size>"
]]

local LIBRARY_VERSION = 1
-- Substituted by the node that loads the library (its --history-size).
local HISTORY_SIZE = %HISTORY_SIZE%

local STATUS_ORDER = { 'INVITED', 'ATTENDING', 'MAYBE', 'DECLINED', 'CHECKED_IN', 'CHECKED_OUT', 'NO_SHOW' }
-- Top-level code runs at load time, where Redis 7.0 exposes no globals: literals only.
local STATUSES = { INVITED = true, ATTENDING = true, MAYBE = true, DECLINED = true, CHECKED_IN = true,
                   CHECKED_OUT = true, NO_SHOW = true }
local TEXT_LIMITS = { guestId = 64, guestName = 200, source = 64, note = 500, table = 32 }
local FIELDS = { guestId = true, guestName = true, status = true, pax = true, source = true,
                 occurredAt = true, note = true, table = true }
local MAX_PAX = 100
local CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

-- Validation failures: fail() records the message and unwinds; replying() turns it into a plain
-- error reply (Redis 7.0 stringifies error tables, which would add the script position).
local failure = nil

local function fail(field, message)
  failure = 'ERR rollcall: ' .. field .. ': ' .. message
  error(failure)
end

local function replying(entry)
  return function(keys, args)
    failure = nil
    local ok, result = pcall(entry, keys, args)
    if ok then return result end
    if failure then return redis.error_reply(failure) end
    error(result)
  end
end

-- Characters, not bytes: UTF-8 continuation bytes do not count.
local function char_length(s)
  local _, n = string.gsub(s, '[^\128-\191]', '')
  return n
end

local function event_id_of(base)
  local id = string.match(base, '{([%w_%-]+)}$')
  if id == nil or #id > 64 then
    fail('key', 'expected <prefix>{<eventId>} with eventId of [A-Za-z0-9_-]{1,64}, got ' .. base)
  end
  return id
end

-- Parses and checks an AttendanceUpdate; returns it normalised (pax 0 or missing becomes 1).
local function parse_update(json)
  local ok, u = pcall(cjson.decode, json)
  if not ok or type(u) ~= 'table' then
    fail('update', 'invalid JSON (expected an AttendanceUpdate object)')
  end
  for k, _ in pairs(u) do
    if not FIELDS[k] then fail(tostring(k), 'unknown field') end
  end
  for field, limit in pairs(TEXT_LIMITS) do
    local v = u[field]
    if v ~= nil then
      if type(v) ~= 'string' then fail(field, 'expected a string') end
      if char_length(v) > limit then fail(field, 'longer than ' .. limit .. ' characters') end
      if v == '' then u[field] = nil end
    end
  end
  if u.guestId == nil then fail('guestId', 'missing (expected 1..64 characters)') end
  if type(u.status) ~= 'string' or not STATUSES[u.status] then
    fail('status', 'missing or unknown (expected one of ' .. table.concat(STATUS_ORDER, ', ') .. ')')
  end
  local pax = u.pax
  if pax == nil then pax = 0 end
  if type(pax) ~= 'number' or pax ~= math.floor(pax) or pax < 0 or pax > MAX_PAX then
    fail('pax', 'expected an integer 0..' .. MAX_PAX)
  end
  u.pax = pax == 0 and 1 or pax
  if u.occurredAt ~= nil then
    if type(u.occurredAt) ~= 'string' or not string.match(u.occurredAt, '^%d%d%d%d%-%d%d%-%d%dT%d%d:%d%d:%d%d') then
      fail('occurredAt', 'expected an RFC 3339 timestamp like 2026-11-22T10:00:00Z')
    end
  end
  return u
end

-- The update in canonical field order, so every node and language sees the same JSON.
local function update_json(u)
  local parts = { '"guestId":' .. cjson.encode(u.guestId) }
  if u.guestName then table.insert(parts, '"guestName":' .. cjson.encode(u.guestName)) end
  table.insert(parts, '"status":"' .. u.status .. '"')
  table.insert(parts, '"pax":' .. string.format('%d', u.pax))
  for _, field in ipairs({ 'source', 'occurredAt', 'note', 'table' }) do
    if u[field] then table.insert(parts, '"' .. field .. '":' .. cjson.encode(u[field])) end
  end
  return '{' .. table.concat(parts, ',') .. '}'
end

local function counts_json(counts_key)
  local fields = {}
  for _, s in ipairs(STATUS_ORDER) do
    table.insert(fields, s .. ':g')
    table.insert(fields, s .. ':p')
  end
  local values = redis.call('HMGET', counts_key, unpack(fields))
  local by_status, total_guests, total_pax = {}, 0, 0
  for i, s in ipairs(STATUS_ORDER) do
    local g = tonumber(values[2 * i - 1]) or 0
    local p = tonumber(values[2 * i]) or 0
    if g > 0 then
      table.insert(by_status, string.format('{"status":"%s","guests":%d,"pax":%d}', s, g, p))
      total_guests = total_guests + g
      total_pax = total_pax + p
    end
  end
  local parts = {}
  if #by_status > 0 then table.insert(parts, '"byStatus":[' .. table.concat(by_status, ',') .. ']') end
  if total_guests > 0 then table.insert(parts, string.format('"totalGuests":%d', total_guests)) end
  if total_pax > 0 then table.insert(parts, string.format('"totalPax":%d', total_pax)) end
  return '{' .. table.concat(parts, ',') .. '}'
end

-- Days since 1970-01-01 to a civil date (H. Hinnant's algorithm).
local function civil(days)
  local z = days + 719468
  local era = math.floor(z / 146097)
  local doe = z - era * 146097
  local yoe = math.floor((doe - math.floor(doe / 1460) + math.floor(doe / 36524) - math.floor(doe / 146096)) / 365)
  local doy = doe - (365 * yoe + math.floor(yoe / 4) - math.floor(yoe / 100))
  local mp = math.floor((5 * doy + 2) / 153)
  local d = doy - math.floor((153 * mp + 2) / 5) + 1
  local m = mp < 10 and mp + 3 or mp - 9
  local y = yoe + era * 400 + (m <= 2 and 1 or 0)
  return y, m, d
end

local function rfc3339(seconds, micros)
  local days = math.floor(seconds / 86400)
  local rem = seconds - days * 86400
  local y, m, d = civil(days)
  return string.format('%04d-%02d-%02dT%02d:%02d:%02d.%03dZ', y, m, d, math.floor(rem / 3600),
    math.floor(rem % 3600 / 60), rem % 60, math.floor(micros / 1000))
end

local function crockford(value, length)
  local out = {}
  for i = length, 1, -1 do
    local digit = value % 32
    out[i] = string.sub(CROCKFORD, digit + 1, digit + 1)
    value = math.floor(value / 32)
  end
  return table.concat(out)
end

-- ULID layout: 10 characters of milliseconds, then 16 derived from a hash of (event, epoch, seq).
local function message_id(millis, event_id, epoch, seq)
  local hex = redis.sha1hex(event_id .. '/' .. epoch .. '/' .. seq)
  return crockford(millis, 10) .. crockford(tonumber(string.sub(hex, 1, 10), 16), 8)
      .. crockford(tonumber(string.sub(hex, 11, 20), 16), 8)
end

local function publish(keys, args)
  local base = keys[1]
  local event_id = event_id_of(base)
  if args[1] == nil then fail('update', 'missing (expected an AttendanceUpdate JSON argument)') end
  local u = parse_update(args[1])
  local attendance = update_json(u)

  local meta, guests, counts = base .. ':meta', base .. ':guests', base .. ':counts'
  local now = redis.call('TIME')
  local seconds, micros = tonumber(now[1]), tonumber(now[2])
  local epoch = redis.call('HGET', meta, 'epoch')
  if not epoch then
    -- A new history generation: also what an event gets after its data was lost.
    epoch = crockford(seconds * 1000000 + micros, 12)
    redis.call('HSET', meta, 'epoch', epoch)
  end
  local seq = redis.call('HINCRBY', meta, 'seq', 1)

  local previous = redis.call('HGET', guests, u.guestId)
  if previous then
    local p = cjson.decode(previous)
    redis.call('HINCRBY', counts, p.status .. ':g', -1)
    redis.call('HINCRBY', counts, p.status .. ':p', -p.pax)
  end
  redis.call('HSET', guests, u.guestId, attendance)
  redis.call('HINCRBY', counts, u.status .. ':g', 1)
  redis.call('HINCRBY', counts, u.status .. ':p', u.pax)

  local millis = seconds * 1000 + math.floor(micros / 1000)
  local id = message_id(millis, event_id, epoch, seq)
  local envelope = '{"eventId":' .. cjson.encode(event_id) .. ',"epoch":"' .. epoch .. '","seq":"' .. seq
      .. '","messageId":"' .. id .. '","publishedAt":"' .. rfc3339(seconds, micros)
      .. '","attendance":' .. attendance .. ',"counts":' .. counts_json(counts) .. '}'
  redis.call('XADD', base .. ':history', 'MAXLEN', HISTORY_SIZE, seq .. '-0', 'e', envelope)
  redis.call('SPUBLISH', base .. ':updates', envelope)
  return { seq, epoch, id, envelope }
end

local function catchup(keys, args)
  local base = keys[1]
  event_id_of(base)
  local client_epoch, since = args[1] or '', tonumber(args[2] or '0') or -1
  local meta = base .. ':meta'
  local epoch = redis.call('HGET', meta, 'epoch') or ''
  local seq = tonumber(redis.call('HGET', meta, 'seq') or '0')
  if client_epoch ~= '' and client_epoch == epoch and since >= 0 and since <= seq then
    local entries = redis.call('XRANGE', base .. ':history', (since + 1) .. '-0', '+')
    if since == seq or (#entries > 0 and entries[1][1] == (since + 1) .. '-0') then
      local reply = { 'replay', epoch, seq }
      for _, entry in ipairs(entries) do table.insert(reply, entry[2][2]) end
      return reply
    end
  end
  local reply = { 'reset', epoch, seq, counts_json(base .. ':counts') }
  for _, guest in ipairs(redis.call('HVALS', base .. ':guests')) do table.insert(reply, guest) end
  return reply
end

redis.register_function('rollcall_publish', replying(publish))
redis.register_function{ function_name = 'rollcall_catchup', callback = replying(catchup), flags = { 'no-writes' } }
redis.register_function{ function_name = 'rollcall_version', callback = function()
  return LIBRARY_VERSION .. ':' .. HISTORY_SIZE
end, flags = { 'no-writes' } }

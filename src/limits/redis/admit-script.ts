/**
 * The admission, as one Lua script: Redis runs a script atomically, so "check every counter, then
 * reserve on all of them or none" cannot interleave with another gateway instance's admission.
 * The arithmetic mirrors src/limits/window-math.ts and the memory store line by line (Lua numbers
 * are IEEE doubles like JavaScript's, so the same expressions round the same way); the shared
 * suite checks they agree.
 *
 * Time is the caller's `now` (ARGV[1]), never Redis TIME: every backend then answers the same
 * question for the same inputs, and the suite can simulate time.
 *
 * KEYS, two per spec i:
 *   KEYS[2i-1]  window: the current bucket's counter | period: the period total | concurrency: the lease ZSET
 *   KEYS[2i]    window: the previous bucket's counter | otherwise: the same key again (unused)
 * ARGV:
 *   [1] now (ms)   [2] reservation id
 *   then five per spec, from 3 + 5(i-1): kind ('w' | 'p' | 'c'), limit, amount, span, ttl
 *     span: window length | period end (ms) | lease length
 *     ttl:  window: 2 windows + margin | period: (end - now) + margin | concurrency: margin after the last lease
 * Reply: { admitted (1|0), rejected index (0-based, -1 if admitted), retry ms (-1 = never),
 *          then per spec: used, reset ms }
 *   `used` includes this request's amount when admitted, as CounterState says.
 */
export const ADMIT_SCRIPT = `
local now = tonumber(ARGV[1])
local id = ARGV[2]
local count = #KEYS / 2
local NEVER = -1

-- Exact integer text for Redis arguments: tostring() switches to exponent form above 1e14.
local function int(x) return string.format('%d', x) end

-- window-math.ts windowRetryAfterMs: earliest wait after which amount more would fit.
local function windowRetry(previous, current, amount, limit, elapsed, w)
  if amount > limit then return NEVER end
  if current + amount <= limit then
    if previous == 0 then return 0 end
    local t = w - elapsed - ((limit - current - amount) * w) / previous
    return math.max(0, math.ceil(t))
  end
  -- Next window: the current one becomes the weighted previous one.
  local intoNext = 0
  if current ~= 0 then intoNext = w * (1 - (limit - amount) / current) end
  return math.ceil(w - elapsed + math.max(0, intoNext))
end

-- 1. Look at every counter.
local used, retry, reset = {}, {}, {}
for i = 1, count do
  local a = 2 + 5 * (i - 1)
  local kind, limit, amount, span = ARGV[a + 1], tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3]), tonumber(ARGV[a + 4])
  local key = KEYS[2 * i - 1]
  if kind == 'w' then
    -- Sliding window counter: previous bucket weighted by its overlap (slidingUse, same ceil).
    local current = tonumber(redis.call('GET', key) or '0')
    local previous = tonumber(redis.call('GET', KEYS[2 * i]) or '0')
    local elapsed = now % span
    used[i] = math.ceil(previous * ((span - elapsed) / span)) + current
    retry[i] = windowRetry(previous, current, amount, limit, elapsed, span)
    reset[i] = span - elapsed
  elseif kind == 'p' then
    -- Calendar-period total, keyed by the period start: a new period is a new, empty key.
    used[i] = tonumber(redis.call('GET', key) or '0')
    reset[i] = math.max(0, span - now)
    if amount > limit then retry[i] = NEVER else retry[i] = reset[i] end
  else
    -- Concurrency: reservation id -> lease expiry. Leases of holders that died expire here.
    redis.call('ZREMRANGEBYSCORE', key, '-inf', int(now))
    used[i] = redis.call('ZCARD', key)
    local nextExpiry = now + span
    local first = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
    if first[2] then nextExpiry = math.min(tonumber(first[2]), nextExpiry) end
    reset[i] = math.max(0, nextExpiry - now)
    if amount > limit then retry[i] = NEVER else retry[i] = 1000 end
  end
end

local function reply(admitted, rejected, retryMs, extra)
  local out = { admitted, rejected, retryMs }
  for i = 1, count do
    local amount = tonumber(ARGV[2 + 5 * (i - 1) + 3])
    out[#out + 1] = used[i] + (extra and amount or 0)
    out[#out + 1] = reset[i]
  end
  return out
end

-- 2. The first counter that cannot take this request refuses it; nothing is reserved.
for i = 1, count do
  local a = 2 + 5 * (i - 1)
  if used[i] + tonumber(ARGV[a + 3]) > tonumber(ARGV[a + 2]) then
    return reply(0, i - 1, retry[i], false)
  end
end

-- 3. Reserve on every counter.
for i = 1, count do
  local a = 2 + 5 * (i - 1)
  local kind, ttl = ARGV[a + 1], tonumber(ARGV[a + 5])
  local key = KEYS[2 * i - 1]
  if kind == 'c' then
    redis.call('ZADD', key, int(now + tonumber(ARGV[a + 4])), id)
    -- The set lives as long as its longest lease, plus the margin.
    local last = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
    redis.call('PEXPIRE', key, int(math.max(1, tonumber(last[2]) - now) + ttl))
  else
    -- ARGV text straight to INCRBY: exact for any integer Redis holds.
    redis.call('INCRBY', key, ARGV[a + 3])
    redis.call('PEXPIRE', key, int(ttl))
  end
end
return reply(1, -1, 0, true)
`;

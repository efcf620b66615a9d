/**
 * Reading counters without reserving (budget alerts, reports). The script only reads and returns
 * raw numbers; the arithmetic is then done in TypeScript by window-math.ts itself. A script
 * rather than a pipeline so the reads are one consistent snapshot, in one round trip, bounded by
 * the same command timeout. Expired leases are skipped here, not removed: peek writes nothing.
 *
 * KEYS: as for the admission, two per spec (window: current, previous; otherwise the key twice).
 * ARGV: [1] now (ms); then one per spec: kind ('w' | 'p' | 'c').
 * Reply, two per spec:
 *   window: current, previous | period: total, 0 | concurrency: live leases, earliest live expiry (-1 if none)
 */
export const PEEK_SCRIPT = `
local now = ARGV[1]
local out = {}
for i = 1, #KEYS / 2 do
  local kind, key = ARGV[1 + i], KEYS[2 * i - 1]
  if kind == 'w' then
    out[#out + 1] = tonumber(redis.call('GET', key) or '0')
    out[#out + 1] = tonumber(redis.call('GET', KEYS[2 * i]) or '0')
  elseif kind == 'p' then
    out[#out + 1] = tonumber(redis.call('GET', key) or '0')
    out[#out + 1] = 0
  else
    -- A lease expiring exactly now is already over (the memory store keeps expires > now).
    out[#out + 1] = redis.call('ZCOUNT', key, '(' .. now, '+inf')
    local first = redis.call('ZRANGEBYSCORE', key, '(' .. now, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
    if first[2] then out[#out + 1] = tonumber(first[2]) else out[#out + 1] = -1 end
  end
end
return out
`;

/**
 * Settling, as one small Lua script: each reserved amount is replaced by the actual one by adding
 * (actual - reserved) to the bucket the reservation booked, atomically for all items.
 *
 * - A bucket key that no longer exists has expired (its window or period no longer counts), so it
 *   is left alone: INCRBY would resurrect it without a TTL.
 * - A counter never goes below zero (another settle, or a counter that expired and was re-created,
 *   may already have taken it down). INCRBY keeps the key's TTL, so the clamp is a second INCRBY
 *   rather than SET.
 * - A concurrency lease simply ends: ZREM.
 * The caller leaves out window items whose bucket is two or more windows old (they count nowhere,
 * as in the memory store) and amount items whose delta is zero.
 *
 * KEYS[i]: the booked key of item i. ARGV[1]: reservation id; then two per item, from 2i:
 *   kind ('w' | 'p' | 'c'), delta (integer text; unused for 'c').
 */
export const SETTLE_SCRIPT = `
local id = ARGV[1]
for i = 1, #KEYS do
  local kind, delta = ARGV[2 * i], ARGV[2 * i + 1]
  local key = KEYS[i]
  if kind == 'c' then
    redis.call('ZREM', key, id)
  elseif redis.call('EXISTS', key) == 1 then
    local v = redis.call('INCRBY', key, delta)
    if v < 0 then redis.call('INCRBY', key, string.format('%d', -v)) end
  end
end
return 1
`;

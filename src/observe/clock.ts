/** Milliseconds since the epoch; injectable so monitors can be tested with a fake clock. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

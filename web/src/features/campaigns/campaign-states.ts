/** States a campaign never leaves: no more calls, nothing left to watch. */
const FINISHED = new Set(['completed', 'failed', 'cancelled']);

export const isFinished = (status: string): boolean => FINISHED.has(status);

/**
 * At most `limit` events per `windowMs` for the whole process. A global budget (not per address)
 * because report floods come from many pages at once and addresses behind proxies are not trusted.
 */
export class FixedWindowBudget {
  private windowStart = 0;
  private used = 0;
  /** Events refused since the last accepted one; logged once so a flood shows up as one line. */
  dropped = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  take(): boolean {
    const now = this.now();
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now;
      this.used = 0;
    }
    if (this.used >= this.limit) {
      this.dropped += 1;
      return false;
    }
    this.used += 1;
    return true;
  }
}

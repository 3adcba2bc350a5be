/**
 * Relay requests per user per minute: a fixed one-minute window per user, kept in this instance's memory (like the
 * sign-in limits, src/auth/rate-limits.ts). Every attempt that passes validation counts, refused or not, so a user
 * cannot make the backend simulate without limit.
 */
export class UserRateLimiter {
  readonly #windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request of `user`; returns undefined when it may proceed, or the seconds to wait. */
  take(user: string): number | undefined {
    const now = this.now();
    if (this.#windows.size > 10_000) this.prune(now);
    let window = this.#windows.get(user);
    if (!window || now - window.start >= 60_000) {
      window = { start: now, count: 0 };
      this.#windows.set(user, window);
    }
    if (window.count >= this.perMinute) return Math.max(1, Math.ceil((window.start + 60_000 - now) / 1000));
    window.count += 1;
    return undefined;
  }

  private prune(now: number): void {
    for (const [user, window] of this.#windows) if (now - window.start >= 60_000) this.#windows.delete(user);
  }
}

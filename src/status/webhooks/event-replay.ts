/**
 * Replay protection for controller events, which carry no delivery id: an event
 * is accepted only while its own timestamp is recent (a captured delivery cannot
 * be sent again later), and a body seen within that window is a duplicate (a
 * retry after a lost answer, or a replay), acknowledged and not applied. Bodies
 * are remembered by digest and forgotten once they are too old to pass anyway.
 */
import { createHash } from 'crypto';

/** Why an event was not applied; undefined when it is fresh. */
export type ReplayVerdict = 'duplicate' | 'too-old' | 'in-the-future' | undefined;

/** Options of {@link EventReplayGuard}. */
export interface EventReplayOptions {
  /** How old an event may be, in seconds (default 900: Flux posts at once, and retries for less). */
  readonly maxAgeSeconds?: number;
  /** How far ahead of this clock a sender's clock may be, in seconds (default 300). */
  readonly maxSkewSeconds?: number;
}

/** Remembers recent event bodies. */
export class EventReplayGuard {
  private readonly seen = new Map<string, number>();
  private readonly maxAgeMs: number;
  private readonly maxSkewMs: number;

  public constructor(options: EventReplayOptions = {}) {
    this.maxAgeMs = (options.maxAgeSeconds ?? 900) * 1000;
    this.maxSkewMs = (options.maxSkewSeconds ?? 300) * 1000;
  }

  /** Checks `body` sent with `timestamp` at `now`, and remembers it when it is fresh. */
  public check(body: Buffer, timestamp: string, now: Date): ReplayVerdict {
    const at = Date.parse(timestamp);
    const nowMs = now.getTime();
    if (Number.isNaN(at) || at < nowMs - this.maxAgeMs) return 'too-old';
    if (at > nowMs + this.maxSkewMs) return 'in-the-future';
    this.forget(nowMs);
    const digest = createHash('sha256').update(body).digest('hex');
    if (this.seen.has(digest)) return 'duplicate';
    this.seen.set(digest, at);
    return undefined;
  }

  private forget(nowMs: number): void {
    for (const [digest, at] of this.seen) {
      if (at < nowMs - this.maxAgeMs) this.seen.delete(digest);
    }
  }
}

/**
 * The ids of recent deliveries, so a replayed delivery is acknowledged and
 * dropped. Bounded: the oldest ids are forgotten first. A replay older than the
 * memory (or one sent with a made-up id, which GitHub's signature does not
 * cover) still changes nothing: statuses are recorded newest-wins and a refresh
 * only re-reads the host.
 */
export class DeliveryMemory {
  private readonly seen = new Set<string>();

  public constructor(private readonly capacity = 10_000) {}

  /** Remembers `id`; false when it was already remembered (a replay). */
  public remember(id: string): boolean {
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    if (this.seen.size > this.capacity) {
      // Sets iterate in insertion order: the first id is the oldest.
      this.seen.delete(this.seen.values().next().value as string);
    }
    return true;
  }
}

/**
 * The page's live updates: `GET /events`, a Server-Sent Events stream. The feed
 * listens to the monitor; on each change it sends only the rows that changed
 * (as HTML, rendered by the same functions as the page) and the summary parts.
 * Each message carries a version; a page (or a reconnecting stream, through
 * `Last-Event-ID`) that is behind gets the whole table once instead.
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { ClusterStatusList } from '../model';
import { StatusMonitor } from '../monitor';
import { renderFleetMetrics, renderGroups, renderRow, renderSummary } from './fragments';
import { groupClusters, groupOf } from './groups';

/** What one `fleet` message says. */
export interface FleetUpdate {
  readonly v: string;
  /** True: `rows` is the whole table, in order. */
  readonly full: boolean;
  /** `[id, row HTML]`, or `[id, null]` for a cluster that is gone. */
  readonly rows: ReadonlyArray<readonly [string, string | null]>;
  readonly summary: string;
  readonly groups: string;
  readonly metrics: string;
}

/** A comment line this often keeps proxies from closing an idle stream. */
const KEEPALIVE_MS = 25_000;

/** Publishes the monitor's changes to every open `/events` stream. */
export class LiveFeed {
  /** Versions from another process (a restart) never match this one's. */
  private readonly boot = randomBytes(4).toString('hex');
  private count = 0;
  private latest: ClusterStatusList | undefined;
  private keys = new Map<string, string>();
  private readonly clients = new Set<http.ServerResponse>();
  private readonly stop: () => void;
  private readonly timer: NodeJS.Timeout;

  public constructor(
    monitor: StatusMonitor,
    private readonly now: () => Date,
  ) {
    this.stop = monitor.onChange((list) => this.publish(list));
    this.timer = setInterval(() => this.clients.forEach((res) => res.write(':\n\n')), KEEPALIVE_MS);
    this.timer.unref();
  }

  /** The version of the newest list published. */
  public get version(): string {
    return `${this.boot}.${this.count}`;
  }

  /** Open streams (tests, logs). */
  public get listeners(): number {
    return this.clients.size;
  }

  /** Starts a stream; a client that is not at the current version gets the whole table first. */
  public attach(req: http.IncomingMessage, res: http.ServerResponse, since: string): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 3000\n\n');
    if (since !== this.version && this.latest !== undefined) {
      res.write(
        message(
          this.version,
          this.update(
            this.latest,
            true,
            this.latest.clusters.map((c) => c.id),
          ),
        ),
      );
    }
    this.clients.add(res);
    req.on('close', () => this.clients.delete(res));
  }

  /** Ends every stream and stops listening. */
  public close(): void {
    this.stop();
    clearInterval(this.timer);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private publish(list: ClusterStatusList): void {
    const keys = new Map(list.clusters.map((c) => [c.id, JSON.stringify(c)]));
    const changed = list.clusters.filter((c) => this.keys.get(c.id) !== keys.get(c.id)).map((c) => c.id);
    const gone = [...this.keys.keys()].filter((id) => !keys.has(id));
    this.keys = keys;
    this.latest = list;
    this.count++;
    const text = message(this.version, this.update(list, false, changed, gone));
    for (const res of this.clients) res.write(text);
  }

  private update(
    list: ClusterStatusList,
    full: boolean,
    ids: readonly string[],
    gone: readonly string[] = [],
  ): FleetUpdate {
    const groups = groupClusters(list);
    const wave = groupOf(groups);
    const byId = new Map(list.clusters.map((c) => [c.id, c]));
    const now = this.now();
    return {
      v: this.version,
      full,
      rows: [
        ...ids.map((id) => [id, renderRow(byId.get(id)!, wave.get(id) ?? '', now)] as const),
        ...gone.map((id) => [id, null] as const),
      ],
      summary: renderSummary(list.clusters),
      groups: renderGroups(groups),
      metrics: renderFleetMetrics(list.delivery),
    };
  }
}

/** One SSE message: its id is the version, so a reconnect says where it left off. */
function message(version: string, update: FleetUpdate): string {
  return `id: ${version}\nevent: fleet\ndata: ${JSON.stringify(update)}\n\n`;
}

/** How `status serve` answers: JSON by default, or text (the page, metrics) with its own headers. */
import http from 'node:http';

/** One answer. */
export interface Reply {
  readonly status: number;
  /** Sent as pretty JSON, unless `text` is given. */
  readonly body?: unknown;
  /** Sent as it is; `headers` must then carry its content type. */
  readonly text?: string;
  readonly headers?: Record<string, string>;
}

/** 405 naming the method to use. */
export function methodNotAllowed(allowed: string): Reply {
  return { status: 405, body: { error: `use ${allowed}` }, headers: { allow: allowed } };
}

/** Writes `reply`; a 413 drops the connection, since the rest of the oversized body is not read. */
export function send(res: http.ServerResponse, reply: Reply): void {
  const text = reply.text ?? `${JSON.stringify(reply.body, null, 2)}\n`;
  const type = reply.text === undefined ? { 'content-type': 'application/json' } : {};
  res.writeHead(reply.status, { ...type, 'content-length': Buffer.byteLength(text), ...reply.headers });
  res.end(text);
  if (reply.status === 413) {
    res.once('finish', () => res.socket?.destroy());
  }
}

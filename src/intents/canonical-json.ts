/**
 * Canonical JSON: object keys sorted (code-unit order) at every depth, so that equal
 * data always gives equal text. Written piece by piece, so that a fleet's digest can be
 * hashed as it is written instead of first building one string of the whole fleet
 * (over 100 MB at 100,000 applications).
 */
import { JsonValue } from './model';

/** Receives canonical JSON in order; the pieces joined are the whole text. */
export type JsonSink = (piece: string) => void;

/** Keys whose contents are user data: a `source` inside them is data, not an intent's source. */
const PAYLOAD_KEYS = new Set(['values', 'parameters']);

/**
 * Writes `value` as canonical JSON to `write`. `dropSource` removes the intents'
 * `source` fields (never one inside `values` or `parameters`).
 */
export function writeCanonicalJson(value: JsonValue, dropSource: boolean, write: JsonSink): void {
  new CanonicalWriter(write).value(value, dropSource);
}

/** JSON with object keys sorted; `dropSource` removes the intents' `source` fields. */
export function canonicalJson(value: JsonValue, dropSource = false): string {
  const pieces: string[] = [];
  writeCanonicalJson(value, dropSource, (piece) => pieces.push(piece));
  return pieces.join('');
}

/** One walk; quoted keys are remembered, since the same few keys repeat in every intent. */
class CanonicalWriter {
  private readonly quoted = new Map<string, string>();

  public constructor(private readonly write: JsonSink) {}

  public value(value: JsonValue, dropSource: boolean): void {
    if (Array.isArray(value)) {
      this.write('[');
      for (let index = 0; index < value.length; index += 1) {
        if (index > 0) {
          this.write(',');
        }
        this.value(value[index], dropSource);
      }
      this.write(']');
    } else if (value !== null && typeof value === 'object') {
      this.object(value, dropSource);
    } else {
      this.write(JSON.stringify(value));
    }
  }

  private object(value: { [key: string]: JsonValue }, dropSource: boolean): void {
    // The default sort compares code units, the same order on every machine and locale.
    const keys = Object.keys(value).sort();
    let first = true;
    this.write('{');
    for (const key of keys) {
      if (dropSource && key === 'source') {
        continue;
      }
      this.write(`${first ? '' : ','}${this.quote(key)}:`);
      first = false;
      this.value(value[key], dropSource && !PAYLOAD_KEYS.has(key));
    }
    this.write('}');
  }

  private quote(key: string): string {
    let quoted = this.quoted.get(key);
    if (quoted === undefined) {
      quoted = JSON.stringify(key);
      // Bounded: keys inside values can be anything, and many distinct ones gain nothing from a cache.
      if (this.quoted.size < 10_000) {
        this.quoted.set(key, quoted);
      }
    }
    return quoted;
  }
}

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
 * Writes `value` as canonical JSON to `write`, in pieces of about {@link PIECE_LENGTH}
 * characters. `dropSource` removes the intents' `source` fields (never one inside
 * `values` or `parameters`).
 */
export function writeCanonicalJson(value: JsonValue, dropSource: boolean, write: JsonSink): void {
  const writer = new CanonicalWriter(write);
  writer.value(value, dropSource);
  writer.flush();
}

/** JSON with object keys sorted; `dropSource` removes the intents' `source` fields. */
export function canonicalJson(value: JsonValue, dropSource = false): string {
  const pieces: string[] = [];
  writeCanonicalJson(value, dropSource, (piece) => pieces.push(piece));
  return pieces.join('');
}

/**
 * Characters gathered before they are handed on. Each piece ends between two JSON
 * tokens, so it never splits a surrogate pair: UTF-8 of the pieces is UTF-8 of the text.
 */
const PIECE_LENGTH = 64 * 1024;

/**
 * Writes canonical JSON to a sink, a value at a time; quoted keys are remembered, since
 * the same few keys repeat in every intent. `raw` lets a caller write the outer levels
 * itself (the fleet's digest does, to pause between intents).
 */
export class CanonicalWriter {
  private readonly quoted = new Map<string, string>();
  private text = '';

  public constructor(private readonly write: JsonSink) {}

  public value(value: JsonValue, dropSource: boolean): void {
    if (Array.isArray(value)) {
      this.text += '[';
      for (let index = 0; index < value.length; index += 1) {
        if (index > 0) {
          this.text += ',';
        }
        this.value(value[index], dropSource);
      }
      this.text += ']';
    } else if (value !== null && typeof value === 'object') {
      this.object(value, dropSource);
    } else {
      this.text += JSON.stringify(value);
    }
    if (this.text.length >= PIECE_LENGTH) {
      this.flush();
    }
  }

  /** Writes `text` as it is: JSON the caller vouches for (punctuation, a quoted key). */
  public raw(text: string): void {
    this.text += text;
  }

  /** Hands on what was gathered. */
  public flush(): void {
    if (this.text !== '') {
      this.write(this.text);
      this.text = '';
    }
  }

  private object(value: { [key: string]: JsonValue }, dropSource: boolean): void {
    // The default sort compares code units, the same order on every machine and locale.
    const keys = Object.keys(value).sort();
    let first = true;
    this.text += '{';
    for (const key of keys) {
      if (dropSource && key === 'source') {
        continue;
      }
      this.text += first ? this.quote(key) : `,${this.quote(key)}`;
      this.text += ':';
      first = false;
      this.value(value[key], dropSource && !PAYLOAD_KEYS.has(key));
    }
    this.text += '}';
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

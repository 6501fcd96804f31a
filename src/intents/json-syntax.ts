/**
 * Where a JSON text first breaks the grammar (RFC 8259), for the line:column of a JSON
 * syntax problem. `JSON.parse` names the offset for some errors only (Node 20 says
 * "Unexpected token ']', ..." with no position for most of them), and a position
 * guessed at the end of the file sends the user to the wrong line. Run only after
 * `JSON.parse` has failed, and after the depth limit was checked, so its recursion is bounded.
 */

/** Thrown inside the scanner with the offset of the first character that cannot be there. */
class BadAt extends Error {
  constructor(readonly offset: number) {
    super(`JSON syntax error at offset ${offset}`);
  }
}

const LITERAL = /true|false|null|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPE = /["\\/bfnrt]|u[0-9a-fA-F]{4}/y;

/** The offset (in UTF-16 code units) of the first syntax error of `text`, or undefined when it is valid JSON. */
export function findJsonSyntaxOffset(text: string): number | undefined {
  let at = 0;
  const fail = (): never => {
    throw new BadAt(at);
  };
  const space = (): void => {
    while (at < text.length && ' \t\n\r'.includes(text[at])) at += 1;
  };
  const string = (): void => {
    at += 1;
    for (;;) {
      if (at >= text.length) fail();
      const code = text.charCodeAt(at);
      if (code === 0x22) {
        at += 1;
        return;
      }
      if (code < 0x20) fail();
      if (code === 0x5c) {
        ESCAPE.lastIndex = at + 1;
        if (!ESCAPE.test(text)) {
          at += 1;
          fail();
        }
        at = ESCAPE.lastIndex;
      } else {
        at += 1;
      }
    }
  };
  const members = (close: string, member: () => void): void => {
    at += 1;
    space();
    if (text[at] === close) {
      at += 1;
      return;
    }
    for (;;) {
      member();
      space();
      if (text[at] === close) {
        at += 1;
        return;
      }
      if (text[at] !== ',') fail();
      at += 1;
    }
  };
  const value = (): void => {
    space();
    const first = text[at];
    if (first === '{') {
      members('}', () => {
        space();
        if (text[at] !== '"') fail();
        string();
        space();
        if (text[at] !== ':') fail();
        at += 1;
        value();
      });
    } else if (first === '[') {
      members(']', value);
    } else if (first === '"') {
      string();
    } else {
      LITERAL.lastIndex = at;
      if (!LITERAL.test(text)) fail();
      at = LITERAL.lastIndex;
    }
  };
  try {
    value();
    space();
    if (at < text.length) fail();
    return undefined;
  } catch (error) {
    if (error instanceof BadAt) return error.offset;
    throw error;
  }
}

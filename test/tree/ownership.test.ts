import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '../../src/labels';
import { isOwnedContent } from '../../src/tree/ownership';
import { seededRandom as random } from '../support/random';

/** The rule as first written: one multiline expression over the whole text. */
const REFERENCE = new RegExp(
  `^[ \\t]*(["']?)${MANAGED_BY_LABEL.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\1[ \\t]*:[ \\t]*(["']?)${MANAGED_BY_VALUE}\\2[ \\t]*(#.*)?\\r?$`,
  'm',
);

const PIECES = [
  `${MANAGED_BY_LABEL}: ${MANAGED_BY_VALUE}`,
  `"${MANAGED_BY_LABEL}":'${MANAGED_BY_VALUE}'`,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  ':',
  ': ',
  ' ',
  '\t',
  '"',
  "'",
  '#x',
  '\n',
  '\r\n',
  '\r',
  '\u2028',
  '\u2029',
  'a',
  '  labels:',
  'x-',
];

describe('isOwnedContent', () => {
  it('GIVEN 20,000 random texts built from the label, quotes, comments and every line end WHEN checked THEN the line scan agrees with the multiline rule', () => {
    const next = random(42);
    let owned = 0;
    for (let i = 0; i < 20_000; i += 1) {
      const text = Array.from(
        { length: 1 + Math.floor(next() * 12) },
        () => PIECES[Math.floor(next() * PIECES.length)],
      ).join('');
      expect([text, isOwnedContent(text)]).toEqual([text, REFERENCE.test(text)]);
      if (REFERENCE.test(text)) owned += 1;
    }
    // Both answers occur, so the comparison means something.
    expect(owned).toBeGreaterThan(1000);
    expect(owned).toBeLessThan(19_000);
  });

  it('GIVEN a label line ending in \\r\\n, or behind a \\u2028 WHEN checked THEN both are owned as the multiline rule says', () => {
    expect(isOwnedContent(`a: 1\r\n  ${MANAGED_BY_LABEL}: ${MANAGED_BY_VALUE}\r\nb: 2`)).toBe(true);
    expect(isOwnedContent(`x\u2028${MANAGED_BY_LABEL}: ${MANAGED_BY_VALUE}`)).toBe(
      REFERENCE.test(`x\u2028${MANAGED_BY_LABEL}: ${MANAGED_BY_VALUE}`),
    );
    expect(isOwnedContent(`x ${MANAGED_BY_LABEL}: ${MANAGED_BY_VALUE}`)).toBe(false);
  });
});

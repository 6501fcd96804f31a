import * as fs from 'fs';
import * as path from 'path';
import { ERROR_CODES } from '../../src/errors';

const ROOT = path.join(__dirname, '..', '..');

/** The codes of docs/errors.md's table, in its order, each as often as it is documented. */
function documentedCodes(): string[] {
  const text = fs.readFileSync(path.join(ROOT, 'docs', 'errors.md'), 'utf8');
  return [...text.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((match) => match[1]);
}

/** Every src/ file, with its text. */
function sources(dir = path.join(ROOT, 'src')): Array<[string, string]> {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry): Array<[string, string]> => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') ? [[full, fs.readFileSync(full, 'utf8')]] : [];
  });
}

describe('error codes', () => {
  it('GIVEN the ErrorCode union and docs/errors.md WHEN compared THEN each code is documented exactly once, and the table documents no other', () => {
    const documented = documentedCodes();
    expect(documented.length).toBeGreaterThan(0);
    const twice = documented.filter((code, index) => documented.indexOf(code) !== index);
    expect(twice).toEqual([]);
    expect([...documented].sort()).toEqual([...ERROR_CODES].sort());
  });

  it('GIVEN the union WHEN src/ is searched THEN every code is raised somewhere (none is dead)', () => {
    const raising = sources().filter(([file]) => !file.endsWith(path.join('src', 'error-codes.ts')));
    const unused = ERROR_CODES.filter((code) => !raising.some(([, text]) => text.includes(`'${code}'`)));
    expect(unused).toEqual([]);
  });

  it('GIVEN the union WHEN listed THEN it holds no duplicate', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });
});

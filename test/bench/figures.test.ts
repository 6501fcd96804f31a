/**
 * The benchmark's results, its chart and the READMEs agree (issue 13: "the results, the
 * SVG and the README agree"): the chart and bench/README.md's tables are regenerated from
 * bench/results/latest.json and compared byte for byte, and the README's headline figures
 * are read back against the same file. A figure copied by hand from another run fails here.
 */
import * as fs from 'fs';
import * as path from 'path';
import { chartOfReport } from '../../bench/svg';
import { renderTables, Report } from '../../bench/table';

const ROOT = path.join(__dirname, '..', '..');
const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), 'utf8');
const report = JSON.parse(read('bench/results/latest.json')) as Report;
const ratio = (name: string): number => {
  const found = report.ratios.find((r) => r.name === name);
  if (found?.value === undefined || found.value === null)
    throw new Error(`no ratio '${name}' in latest.json`);
  return found.value;
};

/** The README's Benchmark section, up to the next section. */
function benchmarkSection(): string {
  const readme = read('README.md');
  const start = readme.indexOf('## Benchmark');
  return readme.slice(start, readme.indexOf('\n## ', start + 1));
}

describe('benchmark figures', () => {
  it('GIVEN bench/results/latest.json WHEN its chart is drawn again THEN bench/results/latest.svg is that chart', () => {
    expect(read('bench/results/latest.svg')).toBe(
      chartOfReport(report as unknown as Parameters<typeof chartOfReport>[0]),
    );
  });

  it('GIVEN bench/results/latest.json WHEN its tables are printed THEN bench/README.md holds them verbatim', () => {
    expect(read('bench/README.md')).toContain(renderTables(report));
  });

  it('GIVEN the README benchmark section WHEN its headline and target rows are read THEN they are the figures of latest.json', () => {
    const section = benchmarkSection();
    const at = (size: number) => report.results.find((r) => r.size === size)!;
    const seconds = (ms: number) => `**${(ms / 1000).toFixed(1)} s**`;
    const large = at(100_000);
    expect(section).toContain(`gitops-synth synth\`: ${seconds(large.full!.totalMs)}`);
    expect(section).toContain(`would write: ${seconds(large.plain!.totalMs)}`);
    expect(section).toContain(`per file): ${seconds(large.floor!.totalMs)}`);
    expect(section).toContain(`${report.measuredAt.slice(11, 16)}\nUTC, ${report.wallSeconds} s`);
    const rows = {
      'full synth within 2× of the write floor': `${ratio('100,000: full synth / write floor').toFixed(2)}×`,
      'at least 15× faster than the plain cdk8s program': `${ratio('100,000: plain cdk8s program / full synth').toFixed(1)}×`,
      '`check` on a fresh clone within 1/3 of a full synth': ratio(
        '100,000: check on a fresh clone / full synth',
      ).toFixed(2),
      'cached no-op within 1/20 of a full synth (and no file written)': String(
        ratio('100,000: cached no-op / full synth'),
      ),
    };
    for (const [target, figure] of Object.entries(rows)) {
      const row = section.split('\n').find((line) => line.startsWith(`| ${target} |`));
      expect({ target, row: row?.split(' | ')[1]?.split(' ')[0] }).toEqual({ target, row: figure });
    }
  });
});

/**
 * The PublishReport document (`publish --format json`): built from each kind of group
 * outcome, valid against its published schema (closed: no undescribed field), and its
 * rollout part held to RolloutStatus's definitions.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { PullRequest } from '../../src/platform/types';
import type { PublishResult } from '../../src/publish/publish';
import type { GroupContent } from '../../src/publish/group-content';
import { publishReport } from '../../src/publish/report';
import type { RolloutPlan } from '../../src/rollout/plan';
import { schemaErrors } from '../support/schemas';

const NOW = new Date('2026-12-05T12:00:00Z');
const pull = (number: number): PullRequest =>
  ({
    number,
    url: `https://forge.example/pulls/${number}`,
    branch: 'b',
    base: 'main',
    title: 't',
    body: '',
  }) as PullRequest;
const content = (title: string): GroupContent =>
  ({
    title,
    files: { added: ['clusters/a/x.yaml'], changed: [], removed: [] },
  }) as unknown as GroupContent;
const group = (id: string) => ({ branch: `gitops/${id}`, clusters: [id], cluster: id });

const PLAN: RolloutPlan = {
  target: { trailer: 'Intents-Revision', value: 'r1' },
  waves: [
    {
      name: 'canary',
      status: 'in-progress',
      wait: null,
      soakSeconds: 1800,
      maxClusters: null,
      clusters: [
        { id: 'a', state: 'pending-review', action: 'update', appliedAt: null, pullRequest: 1, commit: null },
      ],
    },
    {
      name: 'prod',
      status: 'waiting',
      wait: { kind: 'earlier-wave', message: 'wave canary: 1 of 1 clusters not applied yet' },
      soakSeconds: 0,
      maxClusters: 25,
      clusters: [],
    },
  ],
  ungated: [],
  failures: 0,
  failureBudget: 1,
  halted: false,
  freeze: null,
  freezeOverride: null,
  openPullRequests: 1,
  maxOpenPullRequests: 900,
} as unknown as RolloutPlan;

describe('publishReport', () => {
  it('GIVEN one group of each outcome WHEN reported THEN each names its branch, commit and pull request, and the document fits its closed schema', () => {
    const result: PublishResult = {
      outcomes: [
        { status: 'up-to-date', group: group('u'), pullRequest: pull(4) },
        { status: 'dry-run', group: group('d'), content: content('dry') },
        {
          status: 'published',
          group: group('p'),
          sha: 'a'.repeat(40),
          content: content('pub'),
          pullRequest: pull(5),
          action: 'created',
          notes: ['reviewer x skipped'],
        },
      ],
      noted: [],
      deferred: { reason: '--max-api-writes 4 reached', groups: [group('z')] },
    };

    const report = publishReport(result, { base: 'main', dryRun: false, now: NOW });

    expect(schemaErrors('publish-report.v1alpha1.json', report)).toEqual([]);
    expect(report.groups.map((g) => [g.branch, g.status, g.commit, g.pullRequest?.action ?? null])).toEqual([
      ['gitops/u', 'up-to-date', null, 'unchanged'],
      ['gitops/d', 'dry-run', null, null],
      ['gitops/p', 'published', 'a'.repeat(40), 'created'],
    ]);
    expect(report.groups[2].notes).toEqual(['reviewer x skipped']);
    expect(report.deferred).toEqual({ reason: '--max-api-writes 4 reached', branches: ['gitops/z'] });
    expect([report.rollout, report.rollbacks]).toEqual([null, []]);
  });

  it('GIVEN a gated run WHEN reported THEN each wave says whether and why it waits, with the next run and the noted pull requests', () => {
    const report = publishReport(
      { outcomes: [], rollout: PLAN, noted: [7] },
      { base: 'main', dryRun: false, now: NOW },
    );

    expect(schemaErrors('publish-report.v1alpha1.json', report)).toEqual([]);
    expect(report.rollout!.waves.map((w) => [w.name, w.status, w.wait?.kind ?? null])).toEqual([
      ['canary', 'in-progress', null],
      ['prod', 'waiting', 'earlier-wave'],
    ]);
    expect(report.rollout!.noted).toEqual([7]);
    expect(report.rollout!.next).toContain('wave canary: keep 1 open pull request current');
  });

  it('GIVEN a report with a field the schema does not describe WHEN validated THEN the closed schema refuses it (the check can fail)', () => {
    const report = publishReport({ outcomes: [], noted: [] }, { base: 'main', dryRun: true, now: NOW });
    expect(schemaErrors('publish-report.v1alpha1.json', { ...report, surprise: 1 })).not.toEqual([]);
  });

  it('GIVEN both schemas WHEN their rollout definitions are compared THEN PublishReport uses exactly RolloutStatus’s', () => {
    const read = (file: string) =>
      JSON.parse(fs.readFileSync(path.join(__dirname, '../../schemas', file), 'utf8'));
    const rollout = read('rollout-status.v1alpha1.json');
    const publish = read('publish-report.v1alpha1.json');
    for (const name of Object.keys(rollout.definitions))
      expect(publish.definitions[name]).toEqual(rollout.definitions[name]);
    const part = publish.properties.rollout.oneOf[1].properties;
    for (const name of ['target', 'waves', 'freeze', 'next'])
      expect(part[name]).toEqual(rollout.properties[name]);
  });
});

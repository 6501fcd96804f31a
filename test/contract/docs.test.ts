import * as fs from 'fs';
import * as path from 'path';
import { ARGOCD_CONTEXT_TEMPLATE } from '../../src/bootstrap/argocd-notifications';
import {
  ARGOCD_SECRET_KEY,
  ARGOCD_SERVICE,
  CLUSTER_ID_KEY,
  FLUX_COMMIT_STATUS_EXPR,
  FLUX_EVENTS_PATH,
  fluxNames,
  statusContext,
} from '../../src/contract/sync-contract';

const read = (file: string) => fs.readFileSync(path.resolve(__dirname, '../../docs', file), 'utf8');

describe('docs/bootstrap.md and docs/status.md', () => {
  const id = '<cluster-id>';
  const names = fluxNames(id);

  it('GIVEN the contract module WHEN its strings are rendered for a placeholder cluster THEN both documents state the same contexts', () => {
    for (const doc of ['bootstrap.md', 'status.md']) {
      expect(read(doc)).toContain(`\`${statusContext('flux', id)}\``);
      expect(read(doc)).toContain(`\`${statusContext('argocd', id)}\``);
    }
  });

  it('GIVEN the contract module WHEN rendered THEN docs/bootstrap.md names every object, key and path it owns', () => {
    const doc = read('bootstrap.md');
    for (const value of [...new Set(Object.values(names))]) expect(doc).toContain(`\`${value}\``);
    for (const value of [
      CLUSTER_ID_KEY,
      FLUX_EVENTS_PATH,
      ARGOCD_SERVICE,
      ARGOCD_SECRET_KEY,
      FLUX_COMMIT_STATUS_EXPR,
      ARGOCD_CONTEXT_TEMPLATE,
    ]) {
      expect(doc).toContain(value);
    }
  });

  it('GIVEN docs/status.md WHEN read THEN it draws the whole loop once, as a Mermaid sequence diagram, and names the events path', () => {
    const doc = read('status.md');
    expect(doc.match(/```mermaid\nsequenceDiagram/g)).toHaveLength(1);
    expect(doc).toContain(`POST ${FLUX_EVENTS_PATH}`);
    expect(doc).toContain(`flux-system/${names.kustomization}`);
  });
});

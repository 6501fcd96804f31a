/** The HelmRelease factory: what a `helmReleases: true` cluster gets instead of an ApplicationInstance. */
import { Construct } from 'constructs';
import {
  HelmRelease,
  HelmReleaseSpecChartSpecSourceRefKind,
  HelmReleaseSpecUpgradeRemediationStrategy,
  HelmReleaseSpecValuesFrom,
  HelmReleaseSpecValuesFromKind,
} from '../../imports/helm.toolkit.fluxcd.io';
import { ApplicationIntent, ValuesReference } from '../intents/model';
import { helmRepositoryName } from './helm-repository';
import { keepNulls } from './json-nulls';
import { APP_ANNOTATION, applicationLabels, VERSION_ANNOTATION } from './labels';

/** How often helm-controller reconciles a release (and corrects drift). */
export const HELM_RELEASE_INTERVAL = '10m';
/** How many times a failed install or upgrade is retried before Flux gives up. */
export const HELM_RELEASE_RETRIES = 3;

function toValuesFrom(ref: ValuesReference): HelmReleaseSpecValuesFrom {
  const kind =
    ref.kind === 'Secret' ? HelmReleaseSpecValuesFromKind.SECRET : HelmReleaseSpecValuesFromKind.CONFIG_MAP;
  return {
    kind,
    name: ref.name,
    valuesKey: ref.valuesKey,
    targetPath: ref.targetPath,
    optional: ref.optional,
  };
}

/**
 * Adds the HelmRelease for `intent` to `scope` (its namespace chart). The chart comes
 * from the namespace's HelmRepository for `intent.chart.repository` (see
 * `addHelmRepository`). App and version have no HelmRelease field, so they travel as
 * annotations. A failed install is uninstalled and retried; a failed upgrade is
 * rolled back and retried, including after the last retry, so a release is never
 * left half-upgraded. No `strategy` is set, so the CEL rules on `retryInterval` hold.
 */
export function addHelmRelease(scope: Construct, intent: ApplicationIntent): HelmRelease {
  const object = new HelmRelease(scope, `helmrelease-${intent.name}`, {
    metadata: {
      name: intent.name,
      namespace: intent.namespace,
      labels: { ...applicationLabels(intent.app, intent.name) },
      annotations: { [APP_ANNOTATION]: intent.app, [VERSION_ANNOTATION]: intent.version },
    },
    spec: {
      interval: HELM_RELEASE_INTERVAL,
      chart: {
        spec: {
          chart: intent.chart.name,
          version: intent.chart.version,
          sourceRef: {
            kind: HelmReleaseSpecChartSpecSourceRefKind.HELM_REPOSITORY,
            name: helmRepositoryName(intent.chart.repository),
          },
        },
      },
      install: { remediation: { retries: HELM_RELEASE_RETRIES } },
      upgrade: {
        cleanupOnFail: true,
        remediation: {
          retries: HELM_RELEASE_RETRIES,
          remediateLastFailure: true,
          strategy: HelmReleaseSpecUpgradeRemediationStrategy.ROLLBACK,
        },
      },
      values: intent.values,
      valuesFrom: intent.valuesFrom.length > 0 ? intent.valuesFrom.map(toValuesFrom) : undefined,
      suspend: intent.suspend ? true : undefined,
    },
  });
  keepNulls(object, '/spec/values', intent.values);
  return object;
}

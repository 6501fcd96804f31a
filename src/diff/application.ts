/**
 * Reading what an application object runs, so a pull request can say more about an
 * added one than its kind and name. Pure; never throws: a field that is missing or
 * not a string is left out.
 */
import { APP_ANNOTATION, APP_NAME_LABEL, VERSION_ANNOTATION } from '../charts/labels';
import type { JsonValue } from '../intents/model';
import type { ApplicationSummary, ResourceId } from './model';

/** The recommended label for an application's version; synth does not write it, but a HelmRelease may carry it. */
const APP_VERSION_LABEL = 'app.kubernetes.io/version';

type JsonMap = { readonly [key: string]: JsonValue };

/**
 * The app, version and chart of an ApplicationInstance (`apps.vworkspace.io`: `spec.app`,
 * `spec.version`, `spec.chart.name`/`version`) or a Flux HelmRelease
 * (`helm.toolkit.fluxcd.io`: `spec.chart.spec.chart`/`version`, with app and version from
 * the annotations synth writes, else the `app.kubernetes.io/name`/`version` labels).
 * Undefined for any other object, or one that says none of these.
 */
export function findApplication(
  resource: ResourceId,
  value: JsonValue | undefined,
): ApplicationSummary | undefined {
  const object = asMap(value);
  const group = typeof object?.apiVersion === 'string' ? object.apiVersion.split('/')[0] : undefined;
  const spec = asMap(object?.spec);
  if (resource.kind === 'ApplicationInstance' && group === 'apps.vworkspace.io') {
    const chart = asMap(spec?.chart);
    return summary(text(spec?.app), text(spec?.version), text(chart?.name), text(chart?.version));
  }
  if (resource.kind === 'HelmRelease' && group === 'helm.toolkit.fluxcd.io') {
    const metadata = asMap(object?.metadata);
    const annotations = asMap(metadata?.annotations);
    const labels = asMap(metadata?.labels);
    const chart = asMap(asMap(spec?.chart)?.spec);
    const app = text(annotations?.[APP_ANNOTATION]) ?? text(labels?.[APP_NAME_LABEL]);
    const version = text(annotations?.[VERSION_ANNOTATION]) ?? text(labels?.[APP_VERSION_LABEL]);
    return summary(app, version, text(chart?.chart), text(chart?.version));
  }
  return undefined;
}

/** Builds the summary with only the parts that exist, so equal objects give equal summaries. */
function summary(
  app?: string,
  version?: string,
  chartName?: string,
  chartVersion?: string,
): ApplicationSummary | undefined {
  // A chart version without a chart name says nothing a reader can use.
  const chart =
    chartName === undefined
      ? undefined
      : { name: chartName, ...(chartVersion === undefined ? {} : { version: chartVersion }) };
  if (app === undefined && version === undefined && chart === undefined) return undefined;
  return {
    ...(app === undefined ? {} : { app }),
    ...(version === undefined ? {} : { version }),
    ...(chart === undefined ? {} : { chart }),
  };
}

function asMap(value: JsonValue | undefined): JsonMap | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
}

function text(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

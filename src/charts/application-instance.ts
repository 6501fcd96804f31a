/** The ApplicationInstance factory: the operator's view of one application intent. */
import { Construct } from 'constructs';
import {
  ApplicationInstance,
  ApplicationInstanceSpecValuesFrom,
  ApplicationInstanceSpecValuesFromKind,
} from '../../imports/apps.vworkspace.io';
import { ApplicationIntent, ValuesReference } from '../intents/model';
import { keepNulls } from './json-nulls';
import { applicationLabels } from './labels';

/** Converts a values reference to the construct's type (the kinds are the same two strings). */
function toValuesFrom(ref: ValuesReference): ApplicationInstanceSpecValuesFrom {
  const kind =
    ref.kind === 'Secret'
      ? ApplicationInstanceSpecValuesFromKind.SECRET
      : ApplicationInstanceSpecValuesFromKind.CONFIG_MAP;
  return {
    kind,
    name: ref.name,
    valuesKey: ref.valuesKey,
    targetPath: ref.targetPath,
    optional: ref.optional,
  };
}

/**
 * Adds the ApplicationInstance for `intent` to `scope` (its namespace chart).
 * `valuesFrom` is written only when non-empty and `suspend` only when true, so the
 * common case stays short and adding either later is a one-line diff.
 */
export function addApplicationInstance(scope: Construct, intent: ApplicationIntent): ApplicationInstance {
  const object = new ApplicationInstance(scope, `applicationinstance-${intent.name}`, {
    metadata: {
      name: intent.name,
      namespace: intent.namespace,
      labels: { ...applicationLabels(intent.app, intent.name) },
    },
    spec: {
      app: intent.app,
      version: intent.version,
      chart: { repository: intent.chart.repository, name: intent.chart.name, version: intent.chart.version },
      values: intent.values,
      valuesFrom: intent.valuesFrom.length > 0 ? intent.valuesFrom.map(toValuesFrom) : undefined,
      suspend: intent.suspend ? true : undefined,
    },
  });
  keepNulls(object, '/spec/values', intent.values);
  return object;
}

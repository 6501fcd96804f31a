/** The Operation factory: a one-off action the operator performs on an application. */
import { Construct } from 'constructs';
import { Operation, OperationSpecType } from '../../imports/ops.vworkspace.io';
import { OperationIntent, OperationType } from '../intents/model';
import { keepNulls } from './json-nulls';
import { noPruneAnnotations, operationLabels } from './labels';
import { timestampAsGiven } from './timestamp';

/** How long the operator keeps a finished Operation by default: one week. */
export const DEFAULT_OPERATION_TTL_SECONDS = 604800;

const OPERATION_TYPES: { readonly [type in OperationType]: OperationSpecType } = {
  backup: OperationSpecType.BACKUP,
  restore: OperationSpecType.RESTORE,
  upgrade: OperationSpecType.UPGRADE,
  restart: OperationSpecType.RESTART,
};

/**
 * Adds the Operation for `intent` to `scope` (its namespace chart). It carries the
 * no-prune annotations: removing it from Git must never abort a running operation;
 * the operator deletes finished ones after `ttlSeconds`.
 */
export function addOperation(
  scope: Construct,
  intent: OperationIntent,
  ttlSeconds: number = DEFAULT_OPERATION_TTL_SECONDS,
): Operation {
  const object = new Operation(scope, `operation-${intent.name}`, {
    metadata: {
      name: intent.name,
      namespace: intent.namespace,
      labels: { ...operationLabels(intent.type, intent.target) },
      annotations: { ...noPruneAnnotations() },
    },
    spec: {
      type: OPERATION_TYPES[intent.type],
      target: intent.target,
      requestedAt: timestampAsGiven(intent.requestedAt),
      requestedBy: intent.requestedBy,
      parameters: intent.parameters,
      ttlSecondsAfterFinished: ttlSeconds,
    },
  });
  keepNulls(object, '/spec/parameters', intent.parameters);
  return object;
}

import { evaluateExpr, ExprError } from '../support/controllers/expr';

// Argo CD's notification catalogue (triggers.yaml), `when:` conditions.
const ON_SYNC_FAILED =
  "app.status.operationState != nil and app.status.operationState.phase in ['Error', 'Failed']";
const ON_SYNC_RUNNING = "app.status.operationState != nil and app.status.operationState.phase in ['Running']";
const ON_DEPLOYED_WITHOUT_TIME =
  "app.status.operationState != nil and app.status.operationState.phase in ['Succeeded'] and app.status.health.status == 'Healthy'";
const ON_DEPLOYED =
  ON_DEPLOYED_WITHOUT_TIME +
  ' and ( !time.Parse(app.status.health.lastTransitionTime).Before(time.Parse(app.status.operationState.startedAt)) or app.status.health.status != app.status.health.status )';

/** An Application in `phase` (no operationState at all when phase is undefined). */
function app(phase?: string, health = 'Healthy'): Record<string, unknown> {
  return {
    app: {
      metadata: { name: 'guestbook', labels: { 'app.vworkspace.io/cluster-id': 'cluster-a' } },
      status: {
        health: { status: health },
        ...(phase ? { operationState: { phase, retryCount: 2 } } : {}),
        conditions: [{ type: 'SyncError' }],
      },
    },
  };
}

describe('evaluateExpr on the catalogue triggers', () => {
  test.each([
    ['on-sync-failed', 'Failed', 'Healthy', true, ON_SYNC_FAILED],
    ['on-sync-failed', 'Error', 'Healthy', true, ON_SYNC_FAILED],
    ['on-sync-failed', 'Succeeded', 'Healthy', false, ON_SYNC_FAILED],
    ['on-sync-failed', undefined, 'Healthy', false, ON_SYNC_FAILED],
    ['on-sync-running', 'Running', 'Healthy', true, ON_SYNC_RUNNING],
    ['on-sync-running', 'Failed', 'Healthy', false, ON_SYNC_RUNNING],
    ['on-sync-running', undefined, 'Healthy', false, ON_SYNC_RUNNING],
    ['on-deployed minus time.Parse', 'Succeeded', 'Healthy', true, ON_DEPLOYED_WITHOUT_TIME],
    ['on-deployed minus time.Parse', 'Succeeded', 'Progressing', false, ON_DEPLOYED_WITHOUT_TIME],
    ['on-deployed minus time.Parse', undefined, 'Healthy', false, ON_DEPLOYED_WITHOUT_TIME],
  ] as Array<[string, string | undefined, string, boolean, string]>)(
    'GIVEN %s and an app in phase %s, health %s WHEN evaluated THEN it is %s',
    (_name, phase, health, expected, expression) => {
      expect(evaluateExpr(expression, app(phase, health))).toBe(expected);
    },
  );

  test('GIVEN the full on-deployed trigger WHEN evaluated THEN its time.Parse call is refused by name', () => {
    expect(() => evaluateExpr(ON_DEPLOYED, app('Succeeded'))).toThrow(
      /function call time\.Parse\(\.\.\.\) is outside the subset/,
    );
  });
});

describe('evaluateExpr semantics', () => {
  test.each([
    ['a missing map key is nil', 'app.status.nope == nil', true],
    ['an unknown top-level name is nil', 'nothing == nil', true],
    ['optional chaining through nil', 'app.status.nope?.phase', null],
    ['optional chaining through a value', 'app.status.operationState?.phase', 'Running'],
    ['a negative number', 'app.status.operationState.retryCount != -2', true],
    ['optional chaining nils the rest of the chain', 'app.nope?.deeper.still', null],
    ['index with a dotted, slashed key', "app.metadata.labels['app.vworkspace.io/cluster-id']", 'cluster-a'],
    [
      'index into a list, and a negative index',
      "app.status.conditions[0].type == app.status.conditions[-1]['type']",
      true,
    ],
    ['double-quoted strings with escapes', '"a\\tb" == \'a\tb\'', true],
    ['ints and floats compare by value', 'app.status.operationState.retryCount == 2.0', true],
    ['values of different types are unequal', "app.status.operationState.retryCount == '2'", false],
    ['not binds tighter than ==', 'not false == true', true],
    ['! and &&, || spellings', "!(app.status.health.status != 'Healthy') && (false || true)", true],
    ['and binds tighter than or', 'true or false and false', true],
    ['not in', "app.status.operationState.phase not in ['Error', 'Failed']", true],
    ['in on a map tests keys', "'app.vworkspace.io/cluster-id' in app.metadata.labels", true],
    ['in on an array value', "'SyncError' in [app.status.conditions[0].type]", true],
    ['nil literal', 'nil', null],
    ['a float literal', '1.5', 1.5],
  ])('GIVEN %s WHEN evaluated THEN the result matches expr-lang', (_what, expression, expected) => {
    expect(evaluateExpr(expression, app('Running'))).toBe(expected);
  });

  test.each([
    ['a field of nil without ?.', 'app.status.operationState.phase', /cannot fetch phase from <nil>/],
    ['a function call', 'len(app.status.conditions) == 1', /function call len/],
    ['a method call', 'app.metadata.name.startsWith("g")', /function call/],
    ['arithmetic', 'app.status.operationState.retryCount + 1 == 3', /operator \+/],
    ['subtraction', 'app.status.operationState.retryCount -1 == 1', /operator -/],
    ['ordering', 'app.status.operationState.retryCount > 1', /operator >/],
    ['nil coalescing', "app.nope ?? 'x'", /operator \?\?/],
    ['the ternary', "true ? 'a' : 'b'", /operator \?/],
    ['and on nil', 'app.nope and true', /and needs booleans; got nil/],
    ['in on nil', "'x' in app.nope", /operator in not defined on nil/],
    ['an index out of range', 'app.status.conditions[3]', /index out of range/],
    ['== on lists', 'app.status.conditions == []', /arrays or maps/],
    ['an unterminated string', "'abc", /unterminated/],
  ])('GIVEN %s WHEN evaluated THEN it throws naming the construct', (_what, expression, message) => {
    expect(() => evaluateExpr(expression, app())).toThrow(ExprError);
    expect(() => evaluateExpr(expression, app())).toThrow(message);
  });
});

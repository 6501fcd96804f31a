/**
 * Checks HTTP requests and responses against a provider's published API
 * description (OpenAPI 3.0 for GitHub, Swagger 2.0 for GitLab and Gitea), so the
 * loopback forge cannot drift into accepting what the real host would refuse.
 */
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** An operation of the description that matched a request. */
export interface MatchedOperation {
  readonly method: string;
  /** The path template as written in the description (`/repos/{owner}/{repo}/pulls`). */
  readonly template: string;
  /** Path parameters, decoded. */
  readonly params: Record<string, string>;
  readonly operation: Record<string, unknown>;
}

type Json = Record<string, unknown>;

/** Loads one description and validates against it. */
export class DescriptionValidator {
  private readonly ajv: Ajv;
  private readonly swagger2: boolean;
  private readonly basePath: string;
  private readonly cache = new Map<string, ValidateFunction>();

  public constructor(private readonly doc: Json) {
    this.swagger2 = doc.swagger === '2.0';
    this.basePath = typeof doc.basePath === 'string' ? doc.basePath.replace(/\/+$/, '') : '';
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
    addFormats(this.ajv);
    for (const name of ['int32', 'int64', 'uint64', 'float', 'double', 'repo.nwo', 'uri-template']) {
      this.ajv.addFormat(name, true);
    }
    this.ajv.addSchema(nullableFromSwagger(doc), 'api');
  }

  /** The described operation for `method` and a raw (still percent-encoded) path, if any. */
  public match(method: string, rawPath: string): MatchedOperation | undefined {
    if (!rawPath.startsWith(this.basePath)) return undefined;
    const segments = rawPath.slice(this.basePath.length).split('/');
    let best: MatchedOperation | undefined;
    let bestParams = Infinity;
    for (const [template, item] of Object.entries(this.doc.paths as Json)) {
      const operation = (item as Json)[method.toLowerCase()] as Json | undefined;
      if (!operation) continue;
      const params = matchTemplate(template.split('/'), segments);
      if (params && Object.keys(params).length < bestParams) {
        best = { method: method.toUpperCase(), template, params, operation };
        bestParams = Object.keys(params).length;
      }
    }
    return best;
  }

  /** Problems with a request; empty when it is valid. */
  public validateRequest(
    match: MatchedOperation,
    query: URLSearchParams,
    body: unknown,
    hasBody: boolean,
  ): string[] {
    const problems: string[] = [];
    const parameters = ((match.operation.parameters as Json[] | undefined) ?? []).map((p) => this.deref(p));
    const described = new Set<string>();
    for (const parameter of parameters) {
      const name = String(parameter.name);
      const where = String(parameter.in);
      if (where === 'body') {
        problems.push(
          ...this.checkBody(
            parameter.required === true,
            `${this.pointerOf(match)}/parameters/${parameters.indexOf(parameter)}/schema`,
            body,
            hasBody,
          ),
        );
        continue;
      }
      const schema = (this.swagger2 ? paramSchema(parameter) : parameter.schema) as Json | undefined;
      if (where === 'path') {
        problems.push(...this.checkValues(`path parameter ${name}`, schema, [match.params[name]]));
      } else if (where === 'query') {
        described.add(name);
        const values = [...query.getAll(name), ...query.getAll(`${name}[]`)];
        if (values.length === 0) {
          if (parameter.required === true) problems.push(`query parameter ${name} is required`);
        } else {
          problems.push(...this.checkValues(`query parameter ${name}`, schema, values));
        }
      }
    }
    for (const key of new Set(query.keys())) {
      const name = key.replace(/\[\]$/, '');
      if (!described.has(name)) problems.push(`query parameter ${key} is not in the description`);
    }
    const requestBody = match.operation.requestBody as Json | undefined;
    if (!this.swagger2) {
      if (requestBody) {
        const rb = this.deref(requestBody);
        problems.push(
          ...this.checkBody(
            rb.required === true,
            `${this.pointerOf(match)}/requestBody/content/application~1json/schema`,
            body,
            hasBody,
          ),
        );
      } else if (hasBody) {
        problems.push('a request body was sent but the operation takes none');
      }
    } else if (hasBody && !parameters.some((p) => p.in === 'body')) {
      problems.push('a request body was sent but the operation takes none');
    }
    return problems;
  }

  /** Problems with a response; empty when it is valid. Undescribed error statuses are not checked. */
  public validateResponse(match: MatchedOperation, status: number, body: unknown): string[] {
    const responses = (match.operation.responses as Json | undefined) ?? {};
    const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => k in responses);
    if (key === undefined) {
      return status < 400 ? [`status ${status} is not described for ${match.method} ${match.template}`] : [];
    }
    const response = this.deref(responses[key] as Json);
    const hasSchema = this.swagger2
      ? response.schema !== undefined
      : (response.content as Json | undefined)?.['application/json'] !== undefined;
    if (!hasSchema) return [];
    const pointer = this.swagger2
      ? this.responsePointer(match, key, responses[key] as Json) + '/schema'
      : this.responsePointer(match, key, responses[key] as Json) + '/content/application~1json/schema';
    return this.run(pointer, body, 'response body');
  }

  private checkBody(required: boolean, pointer: string, body: unknown, hasBody: boolean): string[] {
    if (!hasBody) return required ? ['the request body is required'] : [];
    return this.run(pointer, body, 'request body');
  }

  private checkValues(what: string, schema: Json | undefined, values: Array<string | undefined>): string[] {
    if (!schema) return [];
    const problems: string[] = [];
    const resolved = this.deref(schema);
    const isArray = resolved.type === 'array';
    const itemSchema = isArray ? this.deref((resolved.items as Json) ?? {}) : resolved;
    const coerced = values.map((v) =>
      coerce(v ?? '', typeof itemSchema.type === 'string' ? itemSchema.type : 'string'),
    );
    const candidate = isArray ? coerced : coerced[0];
    const validate = this.compileInline(resolved);
    if (!validate(candidate)) problems.push(`${what}: ${this.ajv.errorsText(validate.errors)}`);
    return problems;
  }

  private run(pointer: string, value: unknown, what: string): string[] {
    let validate = this.cache.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `api#${pointer.split('/').map(encodeURIComponent).join('/')}` });
      this.cache.set(pointer, validate);
    }
    return validate(value)
      ? []
      : [`${what}: ${this.ajv.errorsText(validate.errors, { dataVar: what.replace(' ', '_') })}`];
  }

  private compileInline(schema: Json): ValidateFunction {
    const key = `inline:${JSON.stringify(schema)}`;
    let validate = this.cache.get(key);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.cache.set(key, validate);
    }
    return validate;
  }

  private pointerOf(match: MatchedOperation): string {
    return `/paths/${escape(match.template)}/${match.method.toLowerCase()}`;
  }

  private responsePointer(match: MatchedOperation, key: string, response: Json): string {
    const ref = response.$ref;
    return typeof ref === 'string' ? ref.slice(1) : `${this.pointerOf(match)}/responses/${key}`;
  }

  private deref(node: Json): Json {
    let current = node;
    for (let i = 0; i < 10 && typeof current.$ref === 'string'; i++) {
      current = resolvePointer(this.doc, current.$ref);
    }
    return current;
  }
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function resolvePointer(doc: Json, ref: string): Json {
  return ref
    .slice(2)
    .split('/')
    .reduce<Json>((node, part) => node[part.replace(/~1/g, '/').replace(/~0/g, '~')] as Json, doc);
}

function matchTemplate(template: string[], actual: string[]): Record<string, string> | undefined {
  if (template.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const names: string[] = [];
    const pattern = template[i]
      .replace(/[.*+?^${}()|[\]\\]/g, (c) => (c === '{' || c === '}' ? c : `\\${c}`))
      .replace(/\{([^}]+)\}/g, (_, name: string) => {
        names.push(name);
        return '([^/]+?)';
      });
    const found = new RegExp(`^${pattern}$`).exec(actual[i]);
    if (!found) return undefined;
    names.forEach((name, n) => (params[name] = decodeURIComponent(found[n + 1])));
  }
  return params;
}

/** Swagger 2 parameters carry their schema inline. */
function paramSchema(parameter: Json): Json {
  const { type, format, enum: values, items, minimum, maximum } = parameter;
  return Object.fromEntries(
    Object.entries({ type, format, enum: values, items, minimum, maximum }).filter(
      ([, v]) => v !== undefined,
    ),
  );
}

function coerce(value: string, type: string): unknown {
  if (type === 'integer' || type === 'number') return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  if (type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}

/**
 * Swagger 2's `x-nullable: true` is OpenAPI 3.0's `nullable: true`, which Ajv understands
 * next to a `type`. Without one (GitHub's `installation.account`: `nullable` beside an
 * `anyOf`), Ajv refuses the keyword, so it is written out as what OpenAPI 3.0 means by
 * it: the schema, or null.
 */
function nullableFromSwagger(node: unknown): Json {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value === null || typeof value !== 'object') return value;
    const out: Json = {};
    for (const [k, v] of Object.entries(value as Json)) out[k === 'x-nullable' ? 'nullable' : k] = walk(v);
    if (out.nullable === true && out.type === undefined && out.$ref === undefined) {
      const { nullable: _nullable, ...rest } = out;
      return { anyOf: [rest, { type: 'null' }] };
    }
    return out;
  };
  return walk(node) as Json;
}

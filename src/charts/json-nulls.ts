/**
 * cdk8s drops every `null` when it renders an object (its sanitizer treats null as
 * "unset"), but in Helm values and Operation parameters `null` means something: it
 * removes a key from the chart's defaults. These JSON patches put the nulls back.
 * cdk8s applies an object's patches after sanitizing, in `ApiObject.toJson()` and
 * therefore in `Chart.toJson()` too, so both renderings agree.
 */
import { ApiObject, JsonPatch } from 'cdk8s';
import { JsonValue } from '../intents/model';

/** Escapes one JSON Pointer reference token (RFC 6901). */
function escapePointerToken(token: string): string {
  if (!token.includes('~') && !token.includes('/')) return token;
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * The JSON patches that restore every `null` inside `value`, which sits at the JSON
 * Pointer `pointer` of the rendered object. Object members were removed, so they are
 * added back; array elements were kept as holes, so they are replaced.
 */
export function nullRestoringPatches(pointer: string, value: JsonValue): JsonPatch[] {
  const patches: JsonPatch[] = [];
  collect([pointer], value, patches);
  return patches;
}

/**
 * Walks `value`, whose pointer is `tokens` joined by `/` (escaped, the first being the
 * base pointer). Pointers are only built for the nulls found: most values have none,
 * and every object of a fleet is walked.
 */
function collect(tokens: string[], value: JsonValue, patches: JsonPatch[]): void {
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      const item = value[index];
      tokens.push(String(index));
      if (item === null) patches.push(JsonPatch.replace(tokens.join('/'), null));
      else if (typeof item === 'object') collect(tokens, item, patches);
      tokens.pop();
    }
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      const item = value[key];
      if (item === null) {
        tokens.push(escapePointerToken(key));
        patches.push(JsonPatch.add(tokens.join('/'), null));
        tokens.pop();
      } else if (typeof item === 'object') {
        tokens.push(escapePointerToken(key));
        collect(tokens, item, patches);
        tokens.pop();
      }
    }
  }
}

/** Adds to `object` the patches that keep the nulls of `value` (at `pointer`) in its rendering. */
export function keepNulls(object: ApiObject, pointer: string, value: JsonValue): void {
  const patches = nullRestoringPatches(pointer, value);
  if (patches.length > 0) object.addJsonPatch(...patches);
}

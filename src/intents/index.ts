/** The intents stage: files → one validated, typed {@link Fleet}. */
export * from './model';
export { listIntentFiles, loadFleet, readIntentFiles } from './load';
export type { LoadedFleet } from './load';
export { parseIntentDocuments, parseIntentFile } from './parse';
export type { IntentFile, ParsedIntents, ReadTextAgain } from './parse';
export { validateIntents, getFleetFromFiles, getValidFleet } from './validate';
export type { ValidatedIntents, ValidFleet } from './validate';
export { fleetDigest, canonicalJson } from './fleet';
export { INTENT_RULES, MAX_INTENT_VALUES_BYTES, MAX_YAML_ALIAS_COUNT } from './rules';
export type { IntentRule } from './rules';
export { INTENTS_SCHEMA } from './schema';
export type { IntentDocument, Position } from './document';

// Reading a reconciliation request (W3C Reconciliation API v0.2): the `queries` and `extend` JSON and the
// suggest parameters, bounded and validated against a JSON Schema before any matching code sees them.
//
// The schemas are the specification group's (reconciliation-query-batch.json, data-extension-query.json
// in test/fixtures/reconciliation-api/0.2/schemas/, checked against its examples in the tests), with
// sizes bounded: how many queries, properties and values, how long a text, how deep the JSON nests
// (counted on the text before JSON.parse). A request past a bound is a 400 that names it.

import { createRequire } from 'node:module';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { ReconcileRequestError, type ReconQuery } from '../links/reconcile.ts';

/** The bounds of a reconciliation request (docs/identifiers.md lists them). */
export interface ReconcileLimits {
  /** Queries per batch, and ids per extension request. */
  maxBatch: number;
  /** Characters of a query text, or of a property value given as text. */
  maxQueryLength: number;
  /** Brackets (`[`, `{`) open at once in a JSON parameter. */
  maxJsonDepth: number;
  /** Property constraints per query, properties per extension request, values per constraint. */
  maxProperties: number;
  /** Characters of an id, a type, a property id or a batch key. */
  maxIdLength: number;
}

export const DEFAULT_RECONCILE_LIMITS: Readonly<ReconcileLimits> = Object.freeze({
  maxBatch: 100,
  maxQueryLength: 500,
  maxJsonDepth: 8,
  maxProperties: 50,
  maxIdLength: 500,
});

/** The query batch schema: the specification's, with the bounds added. */
export function queryBatchSchema(l: ReconcileLimits) {
  const text = { type: 'string', maxLength: l.maxQueryLength };
  const id = { type: 'string', maxLength: l.maxIdLength };
  const propertyValue = {
    oneOf: [
      text,
      { type: 'number' },
      { type: 'boolean' },
      { type: 'object', properties: { id, name: text }, required: ['id'] },
    ],
  };
  const query = {
    type: 'object',
    properties: {
      query: text,
      type: { oneOf: [id, { type: 'array', maxItems: l.maxProperties, items: id }] },
      limit: { type: 'number', exclusiveMinimum: 0 },
      properties: {
        type: 'array',
        maxItems: l.maxProperties,
        items: {
          type: 'object',
          properties: {
            pid: id,
            v: { oneOf: [propertyValue, { type: 'array', maxItems: l.maxProperties, items: propertyValue }] },
          },
          required: ['pid', 'v'],
        },
      },
      type_strict: { type: 'string', enum: ['any', 'should', 'all'] },
    },
    anyOf: [
      { required: ['query'] },
      { required: ['properties'], properties: { properties: { type: 'array', minItems: 1 } } },
    ],
    additionalProperties: false,
  };
  return {
    type: 'object',
    maxProperties: l.maxBatch,
    propertyNames: { maxLength: l.maxIdLength },
    additionalProperties: query,
  };
}

/** The data extension query schema: the specification's, with the bounds added. */
export function extensionSchema(l: ReconcileLimits) {
  const id = { type: 'string', maxLength: l.maxIdLength };
  return {
    type: 'object',
    properties: {
      ids: { type: 'array', maxItems: l.maxBatch, items: id },
      properties: {
        type: 'array',
        maxItems: l.maxProperties,
        items: { type: 'object', properties: { id, settings: { type: 'object' } }, required: ['id'] },
      },
    },
    required: ['ids', 'properties'],
  };
}

/** Made on the first reconciliation request: loading ajv took ~80 ms of every start-up. */
let ajv: Ajv | undefined;
const compiled = new WeakMap<ReconcileLimits, { batch: ValidateFunction; extension: ValidateFunction }>();
function validators(limits: ReconcileLimits) {
  let found = compiled.get(limits);
  if (!found) {
    // Strict, except that `required` may name members declared beside it (the anyOf of the specification's schema).
    ajv ??= new (createRequire(import.meta.url)('ajv') as typeof import('ajv')).Ajv({
      allErrors: false,
      strict: true,
      strictRequired: false,
    });
    found = { batch: ajv.compile(queryBatchSchema(limits)), extension: ajv.compile(extensionSchema(limits)) };
    compiled.set(limits, found);
  }
  return found;
}

/** The deepest nesting of `[` and `{` outside strings, counted in one pass; stops counting past `max`. */
export function jsonDepth(text: string, max: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > deepest) deepest = depth;
      if (deepest > max) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/** Parse a JSON parameter after bounding its nesting. */
function parseJsonParam(raw: unknown, name: string, limits: ReconcileLimits): unknown {
  if (typeof raw !== 'string') throw new ReconcileRequestError(`Parameter "${name}" must be a JSON string`);
  if (jsonDepth(raw, limits.maxJsonDepth) > limits.maxJsonDepth)
    throw new ReconcileRequestError(`Parameter "${name}" nests deeper than ${limits.maxJsonDepth} levels`);
  try {
    return JSON.parse(raw) as unknown;
  } catch (err) {
    throw new ReconcileRequestError(`Parameter "${name}" is not valid JSON: ${(err as Error).message}`);
  }
}

/** One schema error in our words: where (the query key, then the member path) and what. */
function describeError(
  errors: ErrorObject[] | null | undefined,
  name: string,
  batch: boolean,
  limits: ReconcileLimits,
): string {
  const error = errors?.at(-1);
  if (!error) return `Parameter "${name}" is not valid`;
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const shown = (p: string) => JSON.stringify(p.length > 60 ? `${p.slice(0, 60)}…` : p);
  const where =
    batch && path.length > 0
      ? `Query ${shown(path[0]!)}${path.length > 1 ? `: ${shown(path.slice(1).join('.'))}` : ''}`
      : path.length > 0
        ? `"${name}": ${shown(path.join('.'))}`
        : `"${name}"`;
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return `${where} must be ${p.type === 'object' ? 'an object' : p.type === 'array' ? 'a list' : `a ${String(p.type)}`}`;
    case 'maxLength':
      return `${where} is longer than ${String(p.limit)} characters`;
    case 'maxItems':
      return `${where} has more than ${String(p.limit)} items`;
    case 'maxProperties':
      return batch && path.length === 0
        ? `At most ${String(p.limit)} queries per batch`
        : `${where} has more than ${String(p.limit)} members`;
    case 'propertyNames':
      return `A query key is longer than ${limits.maxIdLength} characters`;
    case 'additionalProperties':
      return `${where} has an unknown member ${shown(String(p.additionalProperty))}`;
    case 'required':
      return `${where} needs ${shown(String(p.missingProperty))}`;
    case 'enum':
      return `${where} must be one of ${(p.allowedValues as string[]).join(', ')}`;
    case 'anyOf':
      return `${where} needs "query" or non-empty "properties"`;
    case 'oneOf':
      return `${where} must be ${path.at(-1) === 'type' ? 'a type id or a list of them' : 'a string, a number, true or false, or {"id": …}, or a list of them'}`;
    case 'exclusiveMinimum':
      return `${where} must be a positive number`;
    default:
      return `${where} ${error.message ?? 'is not valid'}`;
  }
}

/** The query batch, validated: `[key, query]` pairs in the order given (keys are never used as object keys). */
export function readQueryBatch(raw: unknown, limits: ReconcileLimits): [string, ReconQuery][] {
  const value = parseJsonParam(raw, 'queries', limits);
  const { batch } = validators(limits);
  if (!batch(value)) throw new ReconcileRequestError(describeError(batch.errors, 'queries', true, limits));
  return Object.entries(value as Record<string, ReconQuery>);
}

/** The data extension request, validated. */
export function readExtension(raw: unknown, limits: ReconcileLimits): { ids: string[]; properties: { id: string }[] } {
  const value = parseJsonParam(raw, 'extend', limits);
  const { extension } = validators(limits);
  if (!extension(value)) throw new ReconcileRequestError(describeError(extension.errors, 'extend', false, limits));
  return value as { ids: string[]; properties: { id: string }[] };
}

/** A short text parameter (a suggest prefix, a type id): present when `required`, at most `max` characters. */
export function readTextParam(raw: unknown, name: string, max: number, required: true): string;
export function readTextParam(raw: unknown, name: string, max: number, required?: false): string | undefined;
export function readTextParam(raw: unknown, name: string, max: number, required = false): string | undefined {
  if (raw === undefined && !required) return undefined;
  if (typeof raw !== 'string')
    throw new ReconcileRequestError(`Parameter "${name}" ${raw === undefined ? 'is required' : 'must be given once'}`);
  if (raw.length > max) throw new ReconcileRequestError(`Parameter "${name}" is longer than ${max} characters`);
  return raw;
}

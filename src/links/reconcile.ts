// The W3C Entity Reconciliation Service API v0.2 at /reconcile: manifest, batch reconciliation with
// type and property constraints, suggest (entity, type, property), preview, and data extension.

import express, { type Request, type Response } from 'express';
import { escapeHtml } from '../http/pages/layout.ts';
import { ANMC, SCHEMA } from '../vocab.ts';
import { EntityIndex, PROPERTIES, type ExtensionValue, type IndexedEntity } from './entity-index.ts';
import { bestNameScore, nameKey, type NameScore } from './match-names.ts';

export interface ReconcileOptions {
  index: EntityIndex;
  /** The IRI base of the data (identifierSpace is `{base}id/`). */
  base: string;
  /** Public origin of this server, e.g. `http://127.0.0.1:3000`; defaults to the request's own. */
  publicUrl?: string;
  /** Bound on queries per batch and ids per extension request. */
  maxBatch?: number;
}

export interface Candidate {
  id: string;
  name: string;
  description: string;
  score: number;
  match: boolean;
  type: { id: string; name: string }[];
  features: { id: string; value: number | boolean }[];
}

interface ReconQuery {
  query?: string;
  type?: string | string[];
  limit?: number;
  properties?: { pid: string; v: unknown }[];
  type_strict?: 'any' | 'should' | 'all';
}

/** Thrown for a request the API cannot answer; becomes a 400 JSON body. */
export class ReconcileRequestError extends Error {}

const MATCH_THRESHOLD = 95;
const MATCH_MARGIN = 10;
const CURIES: Record<string, string> = { schema: SCHEMA.iri, anmc: ANMC.iri, org: 'http://www.w3.org/ns/org#' };

/** Expand `schema:City` to its IRI; full IRIs pass through. */
function expandType(id: string): string {
  const m = /^([a-z]+):([^/].*)$/.exec(id);
  return m && CURIES[m[1]] ? CURIES[m[1]] + m[2] : id;
}

function displayName(e: IndexedEntity, lang = 'en'): string {
  return (
    e.names.find((n) => n.lang.toLowerCase().startsWith(lang)) ??
    e.names.find((n) => n.lang.toLowerCase().startsWith('zh')) ??
    e.names[0]
  ).value;
}

function description(e: IndexedEntity): string {
  const zh = e.names.find((n) => n.lang.toLowerCase().startsWith('zh'))?.value;
  const qid = e.values.wikidata?.[0];
  const parts = [e.types.map((t) => t.name).join(', ') || e.kind];
  if (zh) parts.push(zh);
  if (qid && 'str' in qid) parts.push(`Wikidata ${qid.str}`);
  return parts.join(' · ');
}

function valueMatches(pid: string, wanted: unknown, have: ExtensionValue[] | undefined): boolean {
  if (!have || have.length === 0) return false;
  const wants = Array.isArray(wanted) ? wanted : [wanted];
  return wants.some((w) => {
    const text = typeof w === 'object' && w !== null && 'id' in w ? String((w as { id: unknown }).id) : String(w);
    return have.some((h) => {
      if ('id' in h) return h.id === text || h.id.endsWith(`/${text}`) || nameKey(h.name) === nameKey(text);
      if ('str' in h)
        return pid === 'wikidata'
          ? h.str.toUpperCase() === text.replace(/^.*\//, '').toUpperCase()
          : nameKey(h.str) === nameKey(text);
      if ('float' in h) return Math.abs(h.float - Number(text)) < 0.05;
      if ('int' in h) return h.int === Number(text);
      if ('bool' in h) return String(h.bool) === text.toLowerCase();
      if ('date' in h) return h.date.startsWith(text);
      return false;
    });
  });
}

/** Reconcile one query against the index: candidates best first, each score explained. */
export function reconcileQuery(index: EntityIndex, q: ReconQuery): Candidate[] {
  const types = q.type === undefined ? [] : (Array.isArray(q.type) ? q.type : [q.type]).map(expandType);
  const strict = q.type_strict ?? 'any';
  const props = q.properties ?? [];
  const limit = Math.max(1, Math.min(Number.isFinite(q.limit) ? Number(q.limit) : 5, 100));
  const text = (q.query ?? '').trim();
  const scored: Candidate[] = [];
  for (const e of index.entities) {
    const typeIds = e.types.map((t) => t.id);
    const typeOk =
      types.length === 0 ||
      (strict === 'all' ? types.every((t) => typeIds.includes(t)) : types.some((t) => typeIds.includes(t)));
    if (!typeOk && strict !== 'should') continue;
    const name: NameScore = text ? bestNameScore(text, EntityIndex.matchNames(e)) : { score: 0, how: 'none', name: '' };
    const propResults = props.map((p) => ({ pid: p.pid, ok: valueMatches(p.pid, p.v, e.values[p.pid]) }));
    const matched = propResults.filter((p) => p.ok).length;
    let score: number;
    if (text) {
      if (name.score === 0 && matched === 0) continue;
      score = name.score + 5 * matched - 10 * (propResults.length - matched);
    } else {
      if (matched === 0) continue;
      score = (100 * matched) / propResults.length;
    }
    if (types.length > 0 && !typeOk) score -= 10;
    score = Math.max(0, Math.min(100, score));
    scored.push({
      id: e.id,
      name: displayName(e),
      description: description(e),
      score,
      match: false,
      type: e.types,
      features: [
        { id: 'name_score', value: name.score },
        { id: `name_${name.how.replace('-', '_')}`, value: true },
        ...(name.distance !== undefined ? [{ id: 'name_edit_distance', value: name.distance }] : []),
        ...(types.length > 0 ? [{ id: 'type_match', value: typeOk }] : []),
        ...propResults.map((p) => ({ id: `property_${p.pid}`, value: p.ok })),
      ],
    });
  }
  scored.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  const [first, second] = scored;
  if (first && first.score >= MATCH_THRESHOLD && (!second || first.score - second.score >= MATCH_MARGIN))
    first.match = true;
  return scored.slice(0, limit);
}

/** Data extension: the values of the requested properties for each id. */
export function extendData(index: EntityIndex, request: { ids: string[]; properties: { id: string }[] }) {
  const meta = request.properties.map((p) => {
    const def = PROPERTIES.find((d) => d.id === p.id);
    if (!def) throw new ReconcileRequestError(`Unknown property "${p.id}"; /reconcile/suggest/property lists them`);
    return {
      id: def.id,
      name: def.name,
      ...(def.value === 'entity' ? { type: { id: SCHEMA('Thing'), name: 'Thing' } } : {}),
    };
  });
  const rows: Record<string, Record<string, ExtensionValue[]>> = {};
  for (const id of request.ids) {
    const e = index.byId(id);
    rows[id] = Object.fromEntries(request.properties.map((p) => [p.id, e?.values[p.id] ?? []]));
  }
  return { meta, rows };
}

function parseJsonParam<T>(raw: unknown, name: string): T {
  if (typeof raw !== 'string') throw new ReconcileRequestError(`Parameter "${name}" must be a JSON string`);
  try {
    return JSON.parse(raw) as T;
  } catch (err) {
    throw new ReconcileRequestError(`Parameter "${name}" is not valid JSON: ${(err as Error).message}`);
  }
}

function checkQueries(batch: unknown, max: number): Record<string, ReconQuery> {
  if (!batch || typeof batch !== 'object' || Array.isArray(batch))
    throw new ReconcileRequestError('"queries" must be a JSON object of named queries, e.g. {"q0":{"query":"Tokyo"}}');
  const entries = Object.entries(batch as Record<string, unknown>);
  if (entries.length > max) throw new ReconcileRequestError(`At most ${max} queries per batch (got ${entries.length})`);
  for (const [key, q] of entries) {
    if (!q || typeof q !== 'object') throw new ReconcileRequestError(`Query "${key}" must be an object`);
    const o = q as ReconQuery;
    if (o.query !== undefined && typeof o.query !== 'string')
      throw new ReconcileRequestError(`Query "${key}": "query" must be a string`);
    if (o.query === undefined && !(Array.isArray(o.properties) && o.properties.length > 0))
      throw new ReconcileRequestError(`Query "${key}" needs "query" or non-empty "properties"`);
    if (
      o.properties !== undefined &&
      (!Array.isArray(o.properties) || o.properties.some((p) => !p || typeof p.pid !== 'string' || !('v' in p)))
    ) {
      throw new ReconcileRequestError(`Query "${key}": "properties" must be a list of {"pid", "v"}`);
    }
    if (o.type_strict !== undefined && !['any', 'should', 'all'].includes(o.type_strict))
      throw new ReconcileRequestError(`Query "${key}": "type_strict" must be any, should or all`);
    if (o.limit !== undefined && (typeof o.limit !== 'number' || o.limit < 1))
      throw new ReconcileRequestError(`Query "${key}": "limit" must be a positive number`);
  }
  return batch as Record<string, ReconQuery>;
}

export function createReconcileRouter(options: ReconcileOptions): express.Router {
  const { index, base } = options;
  const maxBatch = options.maxBatch ?? 100;
  const router = express.Router();
  const origin = (req: Request) => options.publicUrl ?? `${req.protocol}://${req.get('host')}`;
  const param = (req: Request, name: string): unknown =>
    req.body && typeof req.body === 'object' && name in req.body ? req.body[name] : req.query[name];

  /** JSON, or JSONP when a valid `callback` is given (the v0.2 way for browser clients without CORS). */
  const send = (req: Request, res: Response, status: number, body: unknown) => {
    res.set('Access-Control-Allow-Origin', '*');
    const callback = req.query.callback;
    if (typeof callback === 'string' && callback !== '') {
      if (!/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(callback) || callback.length > 100) {
        res
          .status(400)
          .type('application/json')
          .send(JSON.stringify({ error: 'Invalid JSONP callback name' }));
        return;
      }
      res
        .status(status)
        .type('application/javascript; charset=utf-8')
        .send(`/**/${callback}(${JSON.stringify(body)});`);
      return;
    }
    res.status(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
  };

  const manifest = (req: Request) => {
    const root = `${origin(req)}/reconcile`;
    return {
      versions: ['0.2'],
      name: 'ANMC21 (亞洲主要都市網) reconciliation',
      identifierSpace: `${base}id/`,
      schemaSpace: ANMC.iri,
      documentation: `${origin(req)}/docs/identifiers`,
      defaultTypes: [{ id: SCHEMA('City'), name: 'City' }],
      view: { url: `${origin(req)}/id/{{id}}` },
      preview: { url: `${root}/preview?id={{id}}`, width: 400, height: 160 },
      suggest: {
        entity: { service_url: root, service_path: '/suggest/entity' },
        type: { service_url: root, service_path: '/suggest/type' },
        property: { service_url: root, service_path: '/suggest/property' },
      },
      extend: {
        propose_properties: { service_url: root, service_path: '/propose_properties' },
        property_settings: [],
      },
    };
  };

  // Only the reconciliation paths read a body (mounted in front of every request, it would cost each one).
  router.use('/reconcile', express.urlencoded({ extended: false, limit: '256kb' }));

  const main = (req: Request, res: Response) => {
    try {
      const queries = param(req, 'queries');
      const extend = param(req, 'extend');
      if (queries !== undefined) {
        const batch = checkQueries(parseJsonParam(queries, 'queries'), maxBatch);
        const out: Record<string, { result: Candidate[] }> = {};
        for (const [key, q] of Object.entries(batch)) out[key] = { result: reconcileQuery(index, q) };
        return send(req, res, 200, out);
      }
      if (extend !== undefined) {
        const request = parseJsonParam<{ ids?: unknown; properties?: unknown }>(extend, 'extend');
        if (!Array.isArray(request.ids) || !request.ids.every((i) => typeof i === 'string'))
          throw new ReconcileRequestError('"extend.ids" must be a list of entity ids');
        if (!Array.isArray(request.properties) || !request.properties.every((p) => p && typeof p.id === 'string'))
          throw new ReconcileRequestError('"extend.properties" must be a list of {"id"}');
        if (request.ids.length > maxBatch)
          throw new ReconcileRequestError(`At most ${maxBatch} ids per extension request`);
        return send(req, res, 200, extendData(index, request as { ids: string[]; properties: { id: string }[] }));
      }
      return send(req, res, 200, manifest(req));
    } catch (err) {
      if (err instanceof ReconcileRequestError) return send(req, res, 400, { error: err.message });
      throw err;
    }
  };
  router.get('/reconcile', main);
  router.post('/reconcile', main);

  const page = (req: Request) => {
    const cursor = Number(req.query.cursor ?? 0);
    return Number.isInteger(cursor) && cursor >= 0 ? cursor : 0;
  };
  const prefixOf = (req: Request): string => {
    const p = req.query.prefix;
    if (typeof p !== 'string') throw new ReconcileRequestError('Parameter "prefix" is required');
    return p;
  };
  const wrap = (fn: (req: Request) => unknown) => (req: Request, res: Response) => {
    try {
      send(req, res, 200, fn(req));
    } catch (err) {
      if (err instanceof ReconcileRequestError) return send(req, res, 400, { error: err.message });
      throw err;
    }
  };

  router.get(
    '/reconcile/suggest/entity',
    wrap((req) => {
      const key = nameKey(prefixOf(req));
      const hits = index.entities
        .map((e) => {
          const names = EntityIndex.matchNames(e).map(nameKey);
          const rank = names.some((n) => n === key)
            ? 0
            : names.some((n) => n.startsWith(key))
              ? 1
              : names.some((n) => n.includes(key))
                ? 2
                : 3;
          return { e, rank };
        })
        .filter((h) => key !== '' && h.rank < 3)
        .sort((a, b) => a.rank - b.rank || a.e.id.localeCompare(b.e.id));
      return {
        result: hits
          .slice(page(req), page(req) + 10)
          .map(({ e }) => ({ id: e.id, name: displayName(e), description: description(e), notable: e.types })),
      };
    }),
  );
  router.get(
    '/reconcile/suggest/type',
    wrap((req) => {
      const key = nameKey(prefixOf(req));
      const hits = index.types().filter((t) => nameKey(t.name).includes(key) || nameKey(t.id).includes(key));
      return { result: hits.slice(page(req), page(req) + 10).map((t) => ({ id: t.id, name: t.name })) };
    }),
  );
  router.get(
    '/reconcile/suggest/property',
    wrap((req) => {
      const key = nameKey(prefixOf(req));
      const hits = PROPERTIES.filter((p) => nameKey(p.name).includes(key) || nameKey(p.id).includes(key));
      return {
        result: hits
          .slice(page(req), page(req) + 10)
          .map((p) => ({ id: p.id, name: p.name, description: `for ${p.kinds.join(', ')}` })),
      };
    }),
  );
  router.get(
    '/reconcile/propose_properties',
    wrap((req) => {
      const type = typeof req.query.type === 'string' ? expandType(req.query.type) : undefined;
      const limit = Math.max(1, Math.min(Number(req.query.limit ?? 20) || 20, 100));
      const kinds = new Set(
        index.entities.filter((e) => !type || e.types.some((t) => t.id === type)).map((e) => e.kind),
      );
      const properties = PROPERTIES.filter((p) => p.kinds.some((k) => kinds.has(k)))
        .slice(0, limit)
        .map((p) => ({ id: p.id, name: p.name }));
      return { ...(type ? { type } : {}), limit, properties };
    }),
  );
  router.get('/reconcile/preview', (req, res) => {
    const id = typeof req.query.id === 'string' ? req.query.id : '';
    const e = index.byId(id);
    res.set('Access-Control-Allow-Origin', '*');
    if (!e) {
      res.status(404).type('text/plain; charset=utf-8').send(`No entity "${id}"`);
      return;
    }
    const names = e.names.map((n) => `<li lang="${escapeHtml(n.lang)}">${escapeHtml(n.value)}</li>`).join('');
    const qid = e.values.wikidata?.map((v) => ('str' in v ? escapeHtml(v.str) : '')).join(', ');
    res
      .type('text/html; charset=utf-8')
      .set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(
        `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(displayName(e))}</title></head>` +
          `<body style="font:14px sans-serif;margin:8px"><strong>${escapeHtml(displayName(e))}</strong> <small>${escapeHtml(e.types.map((t) => t.name).join(', '))}</small>` +
          `<ul style="margin:4px 0;padding-left:18px">${names}</ul>${qid ? `<div>Wikidata: ${qid}</div>` : ''}<div><code>${escapeHtml(e.id)}</code></div></body></html>`,
      );
  });
  return router;
}

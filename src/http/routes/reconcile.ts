// The W3C Entity Reconciliation Service API v0.2 over HTTP at /reconcile: manifest, batch
// reconciliation, suggest (entity, type, property), preview and data extension, as JSON or JSONP.
// The matching itself is links/reconcile.ts.

import express, { type Request, type Response } from 'express';
import { EntityIndex } from '../../links/entity-index.ts';
import {
  type Candidate,
  expandType,
  extendData,
  proposeProperties,
  ReconcileRequestError,
  reconcileQuery,
  suggestEntities,
  suggestProperties,
  suggestTypes,
} from '../../links/reconcile.ts';
import { ANMC, SCHEMA } from '../../vocab.ts';
import { allowMethods, READ_METHODS } from '../middleware/cors.ts';
import { CONTENT_SECURITY_POLICY } from '../pages/layout.ts';
import { renderReconcileDocs } from '../pages/reconcile-docs.ts';
import { RECONCILE_PREVIEW_CSP, renderReconcilePreview } from '../pages/reconcile-preview.ts';
import { publicOrigin } from '../origin.ts';
import { bodyLimit } from '../middleware/body-limit.ts';
import {
  DEFAULT_RECONCILE_LIMITS,
  readExtension,
  readQueryBatch,
  readTextParam,
  type ReconcileLimits,
} from '../reconcile-request.ts';
import { contentType, MEDIA_TYPES } from '../../rdf/formats.ts';

export interface ReconcileOptions {
  /**
   * The entities to match, or how to build them: then built on the first /reconcile request (not at
   * start-up; that request waits for it), and again on the next request if building failed.
   */
  index: EntityIndex | (() => Promise<EntityIndex>);
  /** The IRI base of the data (identifierSpace is `{base}id/`). */
  base: string;
  /** Public origin of this server, e.g. `http://127.0.0.1:3000`; defaults to the request's own. */
  publicUrl?: string;
  /** Bound on queries per batch and ids per extension request (DEFAULT_RECONCILE_LIMITS otherwise). */
  maxBatch?: number;
}

/** Largest request body, bytes (refused from its Content-Length before it is read). */
const MAX_BODY_BYTES = 256 * 1024;

/** Let other requests run between slices of a long batch, milliseconds. */
const SLICE_MS = 10;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createReconcileRouter(options: ReconcileOptions): express.Router {
  const { base } = options;
  const limits: ReconcileLimits =
    options.maxBatch === undefined
      ? DEFAULT_RECONCILE_LIMITS
      : { ...DEFAULT_RECONCILE_LIMITS, maxBatch: options.maxBatch };
  const router = express.Router();
  const origin = (req: Request) => publicOrigin(req, options.publicUrl);
  const param = (req: Request, name: string): unknown =>
    req.body && typeof req.body === 'object' && name in req.body ? req.body[name] : req.query[name];

  /** JSON, or JSONP when a valid `callback` is given (the v0.2 way for browser clients without CORS). */
  const send = (req: Request, res: Response, status: number, body: unknown) => {
    const callback = req.query.callback;
    if (typeof callback === 'string' && callback !== '') {
      if (!/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(callback) || callback.length > 100) {
        res
          .status(400)
          .type(contentType(MEDIA_TYPES.json))
          .send(JSON.stringify({ error: 'Invalid JSONP callback name' }));
        return;
      }
      res
        .status(status)
        .type(contentType(MEDIA_TYPES.javascript))
        .send(`/**/${callback}(${JSON.stringify(body)});`);
      return;
    }
    res.status(status).type(contentType(MEDIA_TYPES.json)).send(JSON.stringify(body));
  };

  const manifest = (req: Request) => {
    const root = `${origin(req)}/reconcile`;
    return {
      versions: ['0.2'],
      name: 'ANMC21 (亞洲主要都市網) reconciliation',
      identifierSpace: `${base}id/`,
      schemaSpace: ANMC.iri,
      documentation: `${root}/docs`,
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

  router.all('/reconcile', allowMethods(['GET', 'HEAD', 'POST']));
  router.all('/reconcile/*rest', allowMethods(READ_METHODS));
  // Only the reconciliation paths read a body (mounted in front of every request, it would cost each one).
  router.use('/reconcile', bodyLimit(MAX_BODY_BYTES), express.urlencoded({ extended: false, limit: MAX_BODY_BYTES }));

  // Set before any handler below runs: this middleware waits for it (a failed build is a 500).
  let index!: EntityIndex;
  let building: Promise<EntityIndex> | undefined;
  const build = options.index instanceof EntityIndex ? undefined : options.index;
  if (options.index instanceof EntityIndex) index = options.index;
  router.use('/reconcile', (_req, _res, next) => {
    if (index || !build) return next();
    building ??= build().finally(() => (building = undefined));
    building.then((built) => {
      index = built;
      next();
    }, next);
  });

  const main = async (req: Request, res: Response) => {
    try {
      const queries = param(req, 'queries');
      const extend = param(req, 'extend');
      if (queries !== undefined) {
        const batch = readQueryBatch(queries, limits);
        // Keys are the client's: a null-prototype object takes `__proto__` as a key like any other.
        const out = Object.create(null) as Record<string, { result: Candidate[] }>;
        let slice = performance.now();
        for (const [key, q] of batch) {
          if (performance.now() - slice > SLICE_MS) {
            await yieldToEventLoop();
            slice = performance.now();
          }
          out[key] = { result: reconcileQuery(index, q) };
        }
        return send(req, res, 200, out);
      }
      if (extend !== undefined) return send(req, res, 200, extendData(index, readExtension(extend, limits)));
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
  const prefixOf = (req: Request): string => readTextParam(req.query.prefix, 'prefix', limits.maxIdLength, true);
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
    wrap((req) => suggestEntities(index, prefixOf(req), page(req))),
  );
  router.get(
    '/reconcile/suggest/type',
    wrap((req) => suggestTypes(index, prefixOf(req), page(req))),
  );
  router.get(
    '/reconcile/suggest/property',
    wrap((req) => suggestProperties(prefixOf(req), page(req))),
  );
  router.get(
    '/reconcile/propose_properties',
    wrap((req) => {
      const given = readTextParam(req.query.type, 'type', limits.maxIdLength);
      const type = given === undefined ? undefined : expandType(given);
      const limit = Math.max(1, Math.min(Number(req.query.limit ?? 20) || 20, 100));
      return proposeProperties(index, type, limit);
    }),
  );
  router.get('/reconcile/docs', (req, res) => {
    res
      .type(contentType(MEDIA_TYPES.html))
      .set('Content-Security-Policy', CONTENT_SECURITY_POLICY)
      .send(renderReconcileDocs(`${origin(req)}/reconcile`));
  });
  router.get('/reconcile/preview', (req, res) => {
    const id = typeof req.query.id === 'string' ? req.query.id : '';
    const e = index.byId(id);
    if (!e) {
      res.status(404).type(contentType(MEDIA_TYPES.text)).send(`No entity "${id}"`);
      return;
    }
    res.type(contentType(MEDIA_TYPES.html)).set('Content-Security-Policy', RECONCILE_PREVIEW_CSP);
    // OpenRefine shows the preview in a frame: the policy above says who may frame it.
    res.removeHeader('X-Frame-Options');
    res.send(renderReconcilePreview(e));
  });
  return router;
}

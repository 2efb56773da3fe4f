// Configuration: defaults, environment overrides, validated once at start-up; unknown keys rejected.
// Every file location of the project is here, resolved once against `root`.

import path from 'node:path';
import { DEFAULT_BASE, isBaseIri } from './vocab.ts';

/** The project's input files and folders (absolute once loaded; configured relative to `root` or absolute). */
export interface ProjectFiles {
  /** The article, the primary source. */
  source: string;
  /** Reviewed facts from other public sources (TSV, see data/supplements/README.md). */
  supplements: string;
  /** The ID registry: every slug an IRI may use. */
  registry: string;
  /** The ontology (Turtle), also served at /ontology. */
  ontology: string;
  /** SHACL shapes the graph is validated against. */
  shapes: string;
  /** The JSON-LD context of published documents and dumps. */
  context: string;
  /** Folder of stored queries (`*.rq`). */
  queries: string;
  /** Retired IRIs and where they went (TSV). */
  redirects: string;
}

export interface Config {
  /** Base under which instance IRIs are minted; served at the server's root. */
  base: string;
  /** The folder relative locations are resolved against (absolute). Default: the working directory. */
  root: string;
  /** Where the built dumps live (absolute). */
  distDir: string;
  /**
   * The recorded releases (absolute): one immutable folder per release and the changelog, kept in the
   * repository (docs/releases.md).
   */
  releasesDir: string;
  files: ProjectFiles;
  server: {
    host: string;
    port: number;
    /** Public origin used in absolute links (defaults to http://host:port). */
    publicUrl?: string;
  };
  sparql: {
    /** Default and maximum per-query timeout, milliseconds. */
    timeoutMs: number;
    /** Worker threads running queries. */
    workers: number;
    /** Queries waiting for a worker before new ones get 503. */
    queueLength: number;
    /** Longest accepted query text, characters. */
    maxQueryLength: number;
    /** Brackets and prefix operators a query may have open at once (store/query-shape.ts). */
    maxQueryDepth: number;
    /** Operators, groups and brackets in one query, VALUES data excluded (store/query-shape.ts). */
    maxQueryOperators: number;
    /** Largest accepted request body, bytes (413 past it). */
    maxBodyBytes: number;
    /** Most rows a SELECT returns; past it the result is cut and says so. */
    maxRows: number;
    /** Most triples a CONSTRUCT or DESCRIBE returns; past it the result is cut and says so. */
    maxTriples: number;
    /** Largest result body, bytes; a longer result is cut (whole rows or triples) and says so. */
    maxResultBytes: number;
    /** Memory for cached query results (per dataset version), bytes. */
    cacheBytes: number;
    /**
     * Releases other than the current data held in memory at once (each a whole dataset), by each query
     * worker for `release=` queries and by the main thread for Mementos; the least recently used goes.
     */
    releaseStores: number;
  };
}

/** Where the project's files are, relative to the root. */
export const DEFAULT_FILES: ProjectFiles = {
  source: 'data/source/anmc21.zh-hant.md',
  supplements: 'data/supplements/facts.tsv',
  registry: 'data/ids.tsv',
  ontology: 'ontology/ontology.ttl',
  shapes: 'ontology/shapes.ttl',
  context: 'ontology/context.jsonld',
  queries: 'queries',
  redirects: 'data/redirects.tsv',
};

/** The defaults; `root`, `distDir`, `releasesDir` and `files` are resolved against the working directory by loadConfig. */
export const DEFAULT_CONFIG: Config = {
  base: DEFAULT_BASE,
  root: '.',
  distDir: 'dist',
  releasesDir: 'releases',
  files: DEFAULT_FILES,
  server: { host: '127.0.0.1', port: 3000 },
  sparql: {
    timeoutMs: 10_000,
    workers: 2,
    queueLength: 32,
    maxQueryLength: 20_000,
    maxQueryDepth: 64,
    maxQueryOperators: 512,
    maxBodyBytes: 64 * 1024,
    maxRows: 10_000,
    maxTriples: 50_000,
    maxResultBytes: 16 * 1024 * 1024,
    cacheBytes: 64 * 1024 * 1024,
    releaseStores: 2,
  },
};

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Overrides = { [K in keyof Config]?: Config[K] extends object ? Partial<Config[K]> : Config[K] };

/** Merge overrides over the defaults and validate; unknown keys and bad values throw ConfigError. */
export function loadConfig(overrides: Overrides = {}, env: NodeJS.ProcessEnv = process.env): Config {
  for (const key of Object.keys(overrides)) {
    if (!(key in DEFAULT_CONFIG)) throw new ConfigError(`Unknown configuration key "${key}"`);
  }
  const root = path.resolve(overrides.root ?? process.cwd());
  const files = { ...DEFAULT_FILES, ...overrides.files };
  const config: Config = {
    ...DEFAULT_CONFIG,
    ...(overrides as Partial<Config>),
    root,
    distDir: path.resolve(root, overrides.distDir ?? DEFAULT_CONFIG.distDir),
    releasesDir: path.resolve(root, overrides.releasesDir ?? DEFAULT_CONFIG.releasesDir),
    files: Object.fromEntries(
      Object.entries(files).map(([key, file]) => [key, path.resolve(root, file)]),
    ) as unknown as ProjectFiles,
    server: { ...DEFAULT_CONFIG.server, ...overrides.server },
    sparql: { ...DEFAULT_CONFIG.sparql, ...overrides.sparql },
  };
  for (const [section, defaults] of [
    ['server', DEFAULT_CONFIG.server],
    ['sparql', DEFAULT_CONFIG.sparql],
    ['files', DEFAULT_FILES],
  ] as const) {
    for (const key of Object.keys(overrides[section] ?? {})) {
      if (!(key in defaults) && !(section === 'server' && key === 'publicUrl')) {
        throw new ConfigError(`Unknown configuration key "${section}.${key}"`);
      }
    }
  }
  if (env.ANMC21_BASE) config.base = env.ANMC21_BASE;
  if (env.HOST) config.server.host = env.HOST;
  if (env.PORT !== undefined && env.PORT !== '') config.server.port = parseInteger('PORT', env.PORT, 0, 65535);
  if (env.PUBLIC_URL) config.server.publicUrl = env.PUBLIC_URL.replace(/\/+$/, '');
  if (env.SPARQL_TIMEOUT_MS)
    config.sparql.timeoutMs = parseInteger('SPARQL_TIMEOUT_MS', env.SPARQL_TIMEOUT_MS, 1, 600_000);
  if (env.SPARQL_WORKERS) config.sparql.workers = parseInteger('SPARQL_WORKERS', env.SPARQL_WORKERS, 1, 64);
  if (env.SPARQL_MAX_ROWS) config.sparql.maxRows = parseInteger('SPARQL_MAX_ROWS', env.SPARQL_MAX_ROWS, 1, 10_000_000);

  if (!isBaseIri(config.base)) {
    throw new ConfigError(`base must be an absolute http(s) IRI ending in "/", got ${JSON.stringify(config.base)}`);
  }
  for (const [key, value] of Object.entries(config.sparql)) {
    if (!Number.isInteger(value) || value < 1)
      throw new ConfigError(`sparql.${key} must be a positive integer, got ${value}`);
  }
  if (!Number.isInteger(config.server.port) || config.server.port < 0 || config.server.port > 65535) {
    throw new ConfigError(`server.port must be an integer from 0 to 65535, got ${config.server.port}`);
  }
  return config;
}

/**
 * How a location is shown in diagnostics, messages and the inputs hash: relative to the root when it
 * lies inside it (`data/ids.tsv`), otherwise absolute.
 */
export function displayPath(config: Pick<Config, 'root'>, file: string): string {
  const relative = path.relative(config.root, file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative)
    ? file
    : relative.split(path.sep).join('/');
}

function parseInteger(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(text)}`);
  }
  return value;
}

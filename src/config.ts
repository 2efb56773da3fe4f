// Configuration: defaults, environment overrides, validated once at start-up; unknown keys rejected.

import { DEFAULT_BASE } from './vocab.ts';

export interface Config {
  /** Base under which instance IRIs are minted; served at the server's root. */
  base: string;
  /** Where the built dumps live. */
  distDir: string;
  /** The article (primary source) and the supplements folder. */
  sourceFile: string;
  supplementsDir: string;
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
    /** Largest accepted request body, bytes (413 past it). */
    maxBodyBytes: number;
    /** Most rows a SELECT returns; past it the result is cut and says so. */
    maxRows: number;
    /** Memory for cached query results (per dataset version), bytes. */
    cacheBytes: number;
  };
}

export const DEFAULT_CONFIG: Config = {
  base: DEFAULT_BASE,
  distDir: 'dist',
  sourceFile: 'data/source/anmc21.zh-hant.md',
  supplementsDir: 'data/supplements',
  server: { host: '127.0.0.1', port: 3000 },
  sparql: {
    timeoutMs: 10_000,
    workers: 2,
    queueLength: 32,
    maxQueryLength: 20_000,
    maxBodyBytes: 64 * 1024,
    maxRows: 10_000,
    cacheBytes: 64 * 1024 * 1024,
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
  const config: Config = {
    ...DEFAULT_CONFIG,
    ...(overrides as Partial<Config>),
    server: { ...DEFAULT_CONFIG.server, ...overrides.server },
    sparql: { ...DEFAULT_CONFIG.sparql, ...overrides.sparql },
  };
  for (const [section, defaults] of [
    ['server', DEFAULT_CONFIG.server],
    ['sparql', DEFAULT_CONFIG.sparql],
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

  if (!/^https?:\/\/[^\s<>"{}|\\^`]+\/$/.test(config.base)) {
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

function parseInteger(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(text)}`);
  }
  return value;
}

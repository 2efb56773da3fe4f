// Browser-tier set-up: the real server (`serve`) over the real graph built by the pipeline into a
// temporary dist/, and Debian's Chromium driven by playwright-core with every request that would
// leave 127.0.0.1 blocked and recorded, console errors collected, and axe-core at hand.

import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { loadConfig } from '../../src/config.ts';
import { serve, type Serving } from '../../src/server.ts';
import { anmc21Graph, toNQuads } from '../support/anmc21-graph.ts';

export const SCREENSHOTS = new URL('../output/screenshots/', import.meta.url).pathname;

/** The publisher, endpoint and pages over the real graph, on 127.0.0.1 at a free port. */
export async function startRealServer(): Promise<Serving> {
  const g = await anmc21Graph();
  const distDir = await mkdtemp(join(tmpdir(), 'anmc21-browser-'));
  const nquads = Buffer.from(toNQuads(g.quads), 'utf8');
  await writeFile(join(distDir, 'anmc21.nq'), nquads);
  // The server serves a dist/ only with a manifest stating each file's size and hash.
  const sha256 = createHash('sha256').update(nquads).digest('hex');
  await writeFile(
    join(distDir, 'manifest.json'),
    JSON.stringify({ files: [{ path: 'anmc21.nq', bytes: nquads.length, sha256 }] }),
  );
  const config = loadConfig({ distDir, server: { host: '127.0.0.1', port: 0 }, sparql: { workers: 1 } }, {});
  return serve(config, { log: () => {}, handleSignals: false });
}

export interface Session {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Requests to any host but 127.0.0.1, blocked. */
  offsite: string[];
  /** Console errors and uncaught page errors, with the page URL. */
  errors: string[];
  close(): Promise<void>;
}

/** One browser, one context, one page; requests leaving 127.0.0.1 are aborted and recorded. */
export async function openBrowser(): Promise<Session> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const offsite: string[] = [];
  const errors: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
    offsite.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`${page.url()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`${page.url()}: uncaught ${err.message}`));
  return {
    browser,
    context,
    page,
    offsite,
    errors,
    close: async () => {
      await context.close();
      await browser.close();
    },
  };
}

let axeSource: Promise<string> | undefined;

/** Run axe-core in the page (evaluated through the DevTools protocol, so the page's CSP is unchanged); violations with their impact. */
export async function runAxe(
  page: Page,
): Promise<{ id: string; impact: string | null; help: string; targets: string[] }[]> {
  axeSource ??= readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  const source = await axeSource;
  await page.evaluate(`${source}\n;void 0`);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            ctx: Document,
            o: object,
          ): Promise<{
            violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
          }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, name);
  await page.screenshot({ path, fullPage: true });
  return path;
}

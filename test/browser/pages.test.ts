// The pages for people in headless Chromium over the real graph: landing timeline and map against
// the graph's own counts, an entity page in a chosen language whose source-quote link lands on the
// highlighted line, the query editor running a stored query; no console errors, no request leaving
// 127.0.0.1, no serious or critical axe-core violation. Screenshots go to test/output/screenshots/.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Serving } from '../../src/server.ts';
import { openBrowser, runAxe, screenshot, startRealServer, type Session } from './support.ts';

let server: Serving;
let s: Session;
const axeFindings: Record<string, { id: string; impact: string | null; help: string; targets: string[] }[]> = {};

beforeAll(async () => {
  [server, s] = await Promise.all([startRealServer(), openBrowser()]);
});
afterAll(async () => {
  await s?.close();
  await server?.close();
});

const PREFIXES = `PREFIX anmc: <https://w3id.org/anmc21/ontology/> PREFIX schema: <https://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#> PREFIX wgs84: <http://www.w3.org/2003/01/geo/wgs84_pos#>`;

/** One number from the graph, asked through the running endpoint. */
async function count(where: string): Promise<number> {
  const query = `${PREFIXES} SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ${where} }`;
  const res = await fetch(`${server.url}/sparql?query=${encodeURIComponent(query)}`, {
    headers: { accept: 'application/sparql-results+json' },
  });
  expect(res.status).toBe(200);
  return Number((await res.json()).results.bindings[0].n.value);
}

async function checkAxe(name: string): Promise<void> {
  const violations = await runAxe(s.page);
  axeFindings[name] = violations;
  expect(
    violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'),
    name,
  ).toEqual([]);
}

describe('landing page', () => {
  it('draws every meeting of the graph on the timeline and every member city on the map', async () => {
    const meetings = await count('VALUES ?c { anmc:PlenaryMeeting anmc:ExtraordinaryMeeting } ?x a ?c');
    const cancelled = await count('?x a anmc:PlenaryMeeting ; schema:eventStatus schema:EventCancelled');
    const extraordinary = await count('?x a anmc:ExtraordinaryMeeting');
    const cities = await count('?m a org:Membership ; org:member ?x . ?x wgs84:lat ?lat ; wgs84:long ?long');
    const withdrawn = await count('?m a org:Membership ; org:member ?x ; anmc:withdrawalDate ?d');
    const coFounders = await count(
      '?m a org:Membership ; org:member ?x ; anmc:coFounder true FILTER NOT EXISTS { ?m anmc:withdrawalDate ?d }',
    );
    expect(meetings).toBeGreaterThan(0);

    await s.page.goto(`${server.url}/`);
    const timeline = s.page.locator('svg.timeline');
    await expect.poll(() => timeline.count()).toBe(1);
    expect(await timeline.locator('a.event').count()).toBe(meetings);
    expect(await timeline.locator('a.event[data-kind="cancelled"]').count()).toBe(cancelled);
    expect(await timeline.locator('a.event[data-kind="extraordinary"]').count()).toBe(extraordinary);
    expect(await timeline.locator('a.event[data-kind="plenary"]').count()).toBe(meetings - cancelled - extraordinary);
    expect(await s.page.locator('table.meetings tbody tr').count()).toBe(meetings);
    // The cancelled meeting is Beijing's, 2005; the extraordinary one is named as such.
    expect(await timeline.locator('a.event[data-kind="cancelled"]').getAttribute('aria-label')).toMatch(
      /Beijing.*2005.*cancelled/,
    );
    expect(await timeline.locator('a.event[data-kind="extraordinary"]').getAttribute('aria-label')).toMatch(
      /extraordinary meeting/,
    );
    expect(await timeline.getAttribute('aria-labelledby')).toBe('timeline-title');
    expect(await timeline.locator('title#timeline-title').textContent()).toContain(String(meetings));

    const map = s.page.locator('svg.map');
    expect(await map.locator('a.city').count()).toBe(cities);
    expect(await map.locator('a.city[data-kind="withdrawn"]').count()).toBe(withdrawn);
    expect(await map.locator('a.city[data-kind="co-founder"]').count()).toBe(coFounders);
    expect(await map.locator('a.city[data-kind="withdrawn"]').getAttribute('aria-label')).toMatch(
      /^Beijing .*withdrew/,
    );
    expect((await map.locator('path.land').getAttribute('d'))!.length).toBeGreaterThan(1000);
    // Every city link in the picture is within the frame.
    const box = (await map.boundingBox())!;
    for (const city of await map.locator('a.city circle, a.city rect').all()) {
      const b = (await city.boundingBox())!;
      expect(
        b.x >= box.x && b.y >= box.y && b.x + b.width <= box.x + box.width && b.y + b.height <= box.y + box.height,
      ).toBe(true);
    }
    await screenshot(s.page, 'landing.png');
    await checkAxe('landing');
  });

  it('switches the pictures to another language', async () => {
    await s.page.goto(`${server.url}/`);
    await s.page.locator('nav.languages a[hreflang="zh-Hant"]').click();
    await expect.poll(() => s.page.locator('html').getAttribute('lang')).toBe('zh-Hant');
    expect(await s.page.locator('svg.map a.city[data-kind="withdrawn"] text').textContent()).toMatch(/^北京/);
    expect(await s.page.locator('svg.timeline a.event[data-kind="cancelled"]').getAttribute('aria-label')).toMatch(
      /第5屆年會（停辦）/,
    );
  });
});

describe('entity pages', () => {
  it('show labels in the chosen language, switchable on the page, with a visible fallback', async () => {
    await s.page.goto(`${server.url}/id/city/tokyo?lang=ja`);
    expect(await s.page.locator('html').getAttribute('lang')).toBe('ja');
    expect(await s.page.locator('h1').textContent()).toBe('東京');
    await s.page.locator('nav.languages a[hreflang="en"]').click();
    await expect.poll(() => s.page.locator('h1').textContent()).toBe('Tokyo');
    expect(s.page.url()).toMatch(/\?lang=en$/);
    // Linked resources are labelled in English where they have an English label…
    expect(await s.page.locator('a[href="/id/network/anmc21"]').first().textContent()).toBe(
      'Asian Network of Major Cities 21',
    );
    // …and a resource with no label in the language shows one in another, marked as such: the
    // ontology's terms are labelled in English and zh-Hant only.
    await s.page.goto(`${server.url}/ontology/PlenaryMeeting?lang=ja`);
    expect(await s.page.locator('h1 span[lang="zh-hant"]').textContent()).toBe('年會');
    expect(await s.page.locator('p.fallback-note').isVisible()).toBe(true);
    expect(await s.page.locator('p.fallback-note').textContent()).toContain('中文（繁體）');
    // The first plenary has a zh-Hant label only: in Japanese its title is derived from its data, and
    // the page says it is no source's name.
    await s.page.goto(`${server.url}/id/meeting/2001-10?lang=ja`);
    expect(await s.page.locator('h1').textContent()).toBe('第1回総会（東京、2001年10月）');
    expect(await s.page.locator('p.derived-note').isVisible()).toBe(true);
    expect(await s.page.locator('p.fallback-note').count()).toBe(0);
    // Embedded JSON-LD parses and names the resource.
    const jsonLd = JSON.parse((await s.page.locator('script[type="application/ld+json"]').textContent())!);
    expect(jsonLd['@id']).toBe('https://w3id.org/anmc21/id/meeting/2001-10');
    expect(jsonLd['@type']).toContain('Event');
    await checkAxe('meeting');
  });

  it('links each fact to its source quote, which lands on the highlighted line', async () => {
    await s.page.goto(`${server.url}/id/city/beijing?lang=en`);
    await screenshot(s.page, 'entity-beijing.png');
    await checkAxe('entity');
    const link = s.page.locator('a.src.quote').first();
    const exact = (await link.getAttribute('title'))!;
    const href = (await link.getAttribute('href'))!;
    const [, line] = /#L(\d+)$/.exec(href)!;
    await link.click();
    await expect.poll(() => new URL(s.page.url()).hash).toBe(`#L${line}`);
    const mark = s.page.locator(`#L${line} mark#quote`);
    expect(await mark.textContent()).toBe(exact);
    expect(await mark.isVisible()).toBe(true);
    // The line is the fragment's target, and it links back to the facts quoting it.
    expect(await s.page.evaluate(() => document.querySelector(':target')?.id)).toBe(`L${line}`);
    expect(await s.page.locator(`#L${line} .line-facts a[href="/id/city/beijing"]`).count()).toBe(1);
    await checkAxe('source');
  });

  it('shows conflicting claims side by side with their sources', async () => {
    await s.page.goto(`${server.url}/id/membership/beijing?lang=en`);
    const claims = s.page.locator('tr.has-conflict .claim');
    expect(await claims.count()).toBe(2);
    const text = (await claims.allTextContents()).join(' | ');
    expect(text).toContain('2005-09');
    expect(text).toContain('2005-08-30');
    expect(await s.page.locator('tr.has-conflict .claim blockquote a').count()).toBeGreaterThan(0); // the article's quote
    expect(await s.page.locator('tr.has-conflict .claim a[href^="https://www.sp.metro.tokyo.lg.jp/"]').count()).toBe(1); // the Tokyo government
    await screenshot(s.page, 'entity-beijing-membership.png');
  });
});

describe('query editor', () => {
  it('runs a stored query from the examples and shows its rows as a table', async () => {
    const expected = (
      await (
        await fetch(`${server.url}/queries/members`, { headers: { accept: 'application/sparql-results+json' } })
      ).json()
    ).results.bindings.length;
    expect(expected).toBeGreaterThan(0);
    const response = await s.page.goto(`${server.url}/sparql`);
    // Only inline styles are relaxed for YASGUI; scripts stay same-origin files.
    const csp = (await response!.allHeaders())['content-security-policy'];
    expect(csp).toMatch(/script-src 'self';/);
    expect(csp).not.toMatch(/unsafe-eval/);
    await s.page.locator('.yasqe .CodeMirror').first().waitFor({ timeout: 30_000 });
    expect(await s.page.locator('form.plain-query').isHidden()).toBe(true);
    await s.page.locator('button.load-example[data-example="members"]').click();
    await expect
      .poll(() =>
        s.page.evaluate(() =>
          (window as unknown as { anmc21Yasgui: { getTab(): { getYasqe(): { getValue(): string } } } }).anmc21Yasgui
            .getTab()
            .getYasqe()
            .getValue(),
        ),
      )
      .toContain('Current member cities');
    await s.page.locator('.tabPanel.active .yasqe_queryButton').click();
    const rows = s.page.locator('.tabPanel.active .yasr table.dataTable tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(expected);
    await screenshot(s.page, 'query-editor.png');
    await checkAxe('query-editor');
  });
});

describe('the whole session', () => {
  it('logged no console error and sent no request off 127.0.0.1', () => {
    expect(s.errors).toEqual([]);
    expect(s.offsite).toEqual([]);
  });
});

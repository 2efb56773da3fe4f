// The shell every HTML page shares: escaping, the page frame (header, language switch, stylesheet and
// script from /assets), the Content-Security-Policy, and the few interface strings in zh-Hant, en and ja.

import { LABEL_LANGUAGES } from '../../rdf/labels.ts';

/** Escape text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * JSON for a `<script type="application/ld+json">` (or `application/json`) data block: `<`, `>`, `&`
 * and the two JavaScript line separators are written as \u escapes, so no literal can close the
 * element or open a comment, and the JSON still parses to the same value.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value, null, 1).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * CSP of every HTML page but the query editor: scripts and styles from this server only (no inline
 * code; JSON-LD data blocks are not scripts and are not governed by script-src), no remote anything.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** The interface languages, as BCP 47 tags written in pages: the label languages (rdf/labels.ts). */
export const UI_LANGUAGES = LABEL_LANGUAGES;
export type UiLanguage = (typeof UI_LANGUAGES)[number];
export const DEFAULT_LANGUAGE: UiLanguage = 'en';

/** The UI language for a tag (case-insensitive, `zh-TW`/`zh-hant` → zh-Hant, `en-GB` → en), or undefined. */
export function uiLanguage(tag: string | undefined): UiLanguage | undefined {
  if (!tag) return undefined;
  const t = tag.toLowerCase();
  if (t === 'zh' || t.startsWith('zh-hant') || t === 'zh-tw' || t === 'zh-hk' || t === 'zh-mo') return 'zh-Hant';
  return UI_LANGUAGES.find((l) => t === l.toLowerCase() || t.startsWith(l.toLowerCase() + '-'));
}

const LANGUAGE_NAMES: Record<UiLanguage, string> = { 'zh-Hant': '中文（繁體）', en: 'English', ja: '日本語' };

/** A language tag's name in its own language (the UI languages), else the tag itself. */
export function languageName(tag: string): string {
  const ui = uiLanguage(tag);
  return ui ? LANGUAGE_NAMES[ui] : tag;
}

const STRINGS = {
  home: { 'zh-Hant': '首頁', en: 'Home', ja: 'ホーム' },
  query: { 'zh-Hant': 'SPARQL 查詢', en: 'SPARQL query', ja: 'SPARQL クエリ' },
  source: { 'zh-Hant': '原文', en: 'Source article', ja: '原文' },
  dumps: { 'zh-Hant': '下載', en: 'Downloads', ja: 'ダウンロード' },
  ontology: { 'zh-Hant': '本體', en: 'Ontology', ja: 'オントロジー' },
  language: { 'zh-Hant': '語言', en: 'Language', ja: '言語' },
  type: { 'zh-Hant': '類型', en: 'Type', ja: '種類' },
  statements: { 'zh-Hant': '陳述', en: 'Statements', ja: '記述' },
  linkedFrom: { 'zh-Hant': '被以下連結', en: 'Linked from', ja: '被リンク' },
  sources: { 'zh-Hant': '出處', en: 'Sources', ja: '出典' },
  conflicts: { 'zh-Hant': '來源不一致', en: 'Sources disagree', ja: '出典の不一致' },
  formats: { 'zh-Hant': '其他格式', en: 'Other formats', ja: 'その他の形式' },
  fallback: { 'zh-Hant': '無中文標籤，顯示', en: 'No English label; showing', ja: '日本語のラベルなし。表示中：' },
  derivedTitle: {
    'zh-Hant': '此標題由本資料推導，並非來源所用之名稱。',
    en: 'This title is derived from the data; no source gives it as a name.',
    ja: 'このタイトルはデータから導いたもので、出典にある名称ではない。',
  },
  members: { 'zh-Hant': '會員都市', en: 'Member cities', ja: '会員都市' },
  meetings: { 'zh-Hant': '會議', en: 'Meetings', ja: '会議' },
  map: { 'zh-Hant': '地圖', en: 'Map', ja: '地図' },
  timeline: { 'zh-Hant': '年表', en: 'Timeline', ja: '年表' },
} as const satisfies Record<string, Record<UiLanguage, string>>;

export type UiString = keyof typeof STRINGS;

/** An interface string in a language. */
export function t(key: UiString, lang: UiLanguage): string {
  return STRINGS[key][lang];
}

export interface PageOptions {
  title: string;
  lang: UiLanguage;
  /** Page body (already escaped HTML), placed in <main>. */
  body: string;
  /** Path (with any query but `lang`) the language links point to; absent: no language switch. */
  switchPath?: string;
  /** Extra elements for <head> (already escaped HTML): alternates, data blocks, stylesheets. */
  head?: string;
  /** Scripts from /assets to load (deferred), besides the site script. */
  scripts?: string[];
  /** Stylesheets from /assets to load before the site's. */
  styles?: string[];
}

/** A whole page. Every dynamic value in `title` is escaped here; `body` and `head` come escaped. */
export function renderPage(o: PageOptions): string {
  const nav = [
    ['/', t('home', o.lang)],
    ['/source', t('source', o.lang)],
    ['/sparql', t('query', o.lang)],
    ['/dumps/', t('dumps', o.lang)],
    ['/ontology', t('ontology', o.lang)],
  ]
    .map(([href, label]) => `<a href="${href}">${escapeHtml(label)}</a>`)
    .join('\n');
  const switcher = o.switchPath === undefined ? '' : languageSwitch(o.switchPath, o.lang);
  return `<!doctype html>
<html lang="${escapeHtml(o.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(o.title)} · ANMC21</title>
${(o.styles ?? []).map((s) => `<link rel="stylesheet" href="${escapeHtml(s)}">`).join('\n')}
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/site.css">
<script src="/assets/site.js" defer></script>
${(o.scripts ?? []).map((s) => `<script src="${escapeHtml(s)}" defer></script>`).join('\n')}
${o.head ?? ''}
</head>
<body>
<header class="site">
<a class="brand" href="/">ANMC21 <span lang="zh-Hant">亞洲主要都市網</span></a>
<nav aria-label="Site">
${nav}
</nav>
${switcher}
</header>
<main id="main">
${o.body}
</main>
<footer class="site"><p>Data: <a href="/id/source/article">zh.wikipedia.org article</a> (CC BY-SA 4.0) and reviewed supplements · <a href="/dataset">dataset description</a></p></footer>
</body>
</html>
`;
}

function languageSwitch(path: string, current: UiLanguage): string {
  const sep = path.includes('?') ? '&' : '?';
  const links = UI_LANGUAGES.map((l) =>
    l === current
      ? `<a href="${escapeHtml(`${path}${sep}lang=${l}`)}" lang="${l}" hreflang="${l}" aria-current="true">${escapeHtml(LANGUAGE_NAMES[l])}</a>`
      : `<a href="${escapeHtml(`${path}${sep}lang=${l}`)}" lang="${l}" hreflang="${l}">${escapeHtml(LANGUAGE_NAMES[l])}</a>`,
  ).join('\n');
  return `<nav class="languages" aria-label="${escapeHtml(t('language', current))}">\n${links}\n</nav>`;
}

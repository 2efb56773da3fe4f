// Inline markup of the wiki-markdown export: links `[label](target "wikilink")` and bold `**x**`.

import type { Diagnostic } from '../diagnostics.ts';
import type { LinkTarget, Mention } from './facts.ts';
import type { SourceText } from './source-text.ts';

export const ZH_WIKI = 'https://zh.wikipedia.org/wiki/';

export interface InlineLink {
  /** UTF-16 range of the whole markup. */
  start: number;
  end: number;
  labelStart: number;
  labelEnd: number;
  label: string;
  target?: LinkTarget;
  rawTarget: string;
}

const LINK = /\[([^[\]\n]*)\]\(([^()\s]*)(?:\s+"([^"\n]*)")?\)/g;

/** Links in [start, end) of the source; malformed ones become diagnostics. */
export function findLinks(src: SourceText, start: number, end: number, diagnostics: Diagnostic[]): InlineLink[] {
  const text = src.text.slice(start, end);
  const links: InlineLink[] = [];
  const covered: Array<[number, number]> = [];
  for (const m of text.matchAll(LINK)) {
    const s = start + m.index!;
    const e = s + m[0].length;
    covered.push([m.index!, m.index! + m[0].length]);
    const rawTarget = m[2];
    const link: InlineLink = {
      start: s,
      end: e,
      labelStart: s + 1,
      labelEnd: s + 1 + m[1].length,
      label: m[1],
      rawTarget,
    };
    const parsed = parseLinkTarget(rawTarget);
    if (typeof parsed === 'string') {
      diagnostics.push({
        severity: 'error',
        message: `${parsed} in link "${m[0]}"`,
        rule: 'extract/link-target',
        span: src.span(s, e),
      });
    } else {
      link.target = parsed;
    }
    links.push(link);
  }
  // Link syntax left over outside well-formed links: `[x](` without a close, `[x]` followed by `(` etc.
  const broken = /\]\(|\[[^\]\n]*$/g;
  for (const m of text.matchAll(broken)) {
    const i = m.index!;
    if (covered.some(([a, b]) => i >= a && i < b)) continue;
    diagnostics.push({
      severity: 'error',
      message: `Malformed link markup near "${text.slice(Math.max(0, i - 10), i + 12).replace(/\n/g, '⏎')}"`,
      rule: 'extract/link-syntax',
      span: src.span(start + i, start + i + m[0].length),
    });
  }
  return links;
}

/** Read a link target; a string result is the reason it could not be read. */
export function parseLinkTarget(raw: string): LinkTarget | string {
  if (raw === '') return 'Link has no target';
  const local = /^\.\.\/Page\/(.+)\.md$/.exec(raw);
  if (local) return wikiPage(raw, local[1]);
  const wiki = /^https?:\/\/zh\.wikipedia\.org\/wiki\/(.+)$/.exec(raw);
  if (wiki) {
    let page: string;
    try {
      page = decodeURIComponent(wiki[1]);
    } catch {
      return `Bad percent-encoding in target "${raw}"`;
    }
    return wikiPage(raw, page);
  }
  if (/^https?:\/\/[^\s/]+\.[^\s/]+(\/\S*)?$/.test(raw)) return { raw, kind: 'external', url: raw };
  return `Cannot read link target "${raw}" (expected ../Page/X.md or an http(s) URL)`;
}

function wikiPage(raw: string, page: string): LinkTarget {
  const title = page.replace(/ /g, '_');
  return { raw, kind: 'wiki-page', page: title, url: ZH_WIKI + title };
}

export function mentionOfLink(src: SourceText, link: InlineLink): Mention {
  return {
    label: { value: link.label, quote: src.quote(link.labelStart, link.labelEnd) },
    link: link.target,
    quote: src.quote(link.start, link.end),
  };
}

/** The text with link markup replaced by its label, and a map from each plain index back to the source. */
export function plainText(
  src: SourceText,
  start: number,
  end: number,
  links: InlineLink[],
): { text: string; toSource: number[] } {
  let text = '';
  const toSource: number[] = [];
  let i = start;
  const sorted = links.filter((l) => l.start >= start && l.end <= end).sort((a, b) => a.start - b.start);
  for (const link of sorted) {
    for (; i < link.start; i++) {
      text += src.text[i];
      toSource.push(i);
    }
    for (let j = link.labelStart; j < link.labelEnd; j++) {
      text += src.text[j];
      toSource.push(j);
    }
    i = link.end;
  }
  for (; i < end; i++) {
    text += src.text[i];
    toSource.push(i);
  }
  toSource.push(end);
  return { text, toSource };
}

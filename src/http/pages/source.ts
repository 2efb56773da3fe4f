// The source view `/source`: the article with line numbers (`#L72` anchors), each line linking to the
// resources whose facts quote it, and `?quote=L-C-E` highlighting a quoted span — so a reader goes
// from a fact to its text and from the text back to the graph.

import type { Store } from '../../store/store.ts';
import { ANMC, type Iris, OA, PROV, RDF } from '../../vocab.ts';
import { escapeHtml, renderPage, type UiLanguage } from './layout.ts';
import { chooseLabel } from '../../rdf/labels.ts';
import { readLabels, select } from './landing-data.ts';

/** A quoted span; lines and columns count from 1 in code points, end column exclusive (docs/design.md). */
export interface QuoteSpan {
  iri: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface SourceIndex {
  quotes: QuoteSpan[];
  /** Subjects of the statements quoting each line (the resources the line says something about). */
  subjectsByLine: Map<number, string[]>;
  labels: Map<string, { value: string; lang: string }[]>;
}

/** Read every article quote and the subjects of the statements whose references quote it. */
export async function readSourceIndex(store: Store, iris: Iris): Promise<SourceIndex> {
  const rows = await select(
    store,
    `
    SELECT ?quote ?line ?column ?endLine ?endColumn ?subject WHERE {
      GRAPH <${iris.graph('provenance')}> {
        ?quote <${OA('exact')}> ?exact ; <${ANMC('line')}> ?line ; <${ANMC('column')}> ?column ;
               <${ANMC('endLine')}> ?endLine ; <${ANMC('endColumn')}> ?endColumn .
        OPTIONAL { ?reference <${OA('hasSelector')}> ?quote .
                   ?statement <${PROV('wasDerivedFrom')}> ?reference ; <${RDF('subject')}> ?subject . FILTER(isIRI(?subject)) }
      }
    }`,
  );
  const quotes = new Map<string, QuoteSpan>();
  const subjectsByLine = new Map<number, string[]>();
  for (const r of rows) {
    const q = {
      iri: r.quote.value,
      line: Number(r.line.value),
      column: Number(r.column.value),
      endLine: Number(r.endLine.value),
      endColumn: Number(r.endColumn.value),
    };
    quotes.set(q.iri, q);
    if (r.subject) {
      for (let line = q.line; line <= q.endLine; line++) {
        const list = subjectsByLine.get(line) ?? [];
        if (!list.includes(r.subject.value)) list.push(r.subject.value);
        subjectsByLine.set(line, list);
      }
    }
  }
  const labels = await readLabels(store, [...new Set([...subjectsByLine.values()].flat())]);
  return { quotes: [...quotes.values()], subjectsByLine, labels };
}

/** Parse `?quote=72-105-107` (line-column-endColumn, the key of id/quote/…); undefined when malformed. */
export function parseQuoteParam(value: unknown): { line: number; column: number; endColumn: number } | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{1,6})-(\d{1,6})-(\d{1,6})$/.exec(value);
  if (!m) return undefined;
  const [line, column, endColumn] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return line >= 1 && column >= 1 && endColumn >= column ? { line, column, endColumn } : undefined;
}

export interface SourceView {
  text: string;
  index: SourceIndex;
  lang: UiLanguage;
  /** The span to highlight, from `?quote=`. */
  highlight?: QuoteSpan;
  pathFor: (iri: string) => string;
  /** Where the text comes from (shown with its licence). */
  sourceName: string;
}

/** Find the quote a `?quote=` names (to learn its end line), else a one-line span. */
export function resolveHighlight(
  index: SourceIndex,
  q: { line: number; column: number; endColumn: number },
): QuoteSpan {
  return (
    index.quotes.find((s) => s.line === q.line && s.column === q.column && s.endColumn === q.endColumn) ?? {
      iri: '',
      line: q.line,
      column: q.column,
      endLine: q.line,
      endColumn: q.endColumn,
    }
  );
}

const HEADINGS = {
  title: { en: 'Source article', 'zh-Hant': '原文', ja: '原文' },
  intro: {
    en: 'The article as the pipeline read it, line by line. Each line that produced facts links to the resources those facts are about; a fact’s ¶ link comes back here with its quote highlighted.',
    'zh-Hant':
      '流程所讀取的條目原文，逐行列出。產生事實的每一行都連結到這些事實所描述的資源；事實的 ¶ 連結會回到此處並標示引文。',
    ja: 'パイプラインが読んだ記事を行ごとに示す。事実を生んだ各行は、その事実が述べるリソースにリンクする。事実の ¶ リンクは引用箇所を強調してここに戻る。',
  },
  highlighted: { en: 'Highlighted quote', 'zh-Hant': '標示的引文', ja: '強調された引用' },
  facts: { en: 'facts about', 'zh-Hant': '相關事實', ja: '関連する事実' },
} as const;

/** The source page. */
export function renderSourcePage(v: SourceView): string {
  const lines = v.text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  const h = v.highlight;
  const body = lines
    .map((raw, i) => {
      const n = i + 1;
      const chars = [...raw];
      let text: string;
      if (h && n >= h.line && n <= h.endLine) {
        const from = n === h.line ? h.column - 1 : 0;
        const to = n === h.endLine ? h.endColumn - 1 : chars.length;
        text = `${escapeHtml(chars.slice(0, from).join(''))}<mark id="${n === h.line ? 'quote' : `quote-${n}`}">${escapeHtml(chars.slice(from, to).join(''))}</mark>${escapeHtml(chars.slice(to).join(''))}`;
      } else {
        text = escapeHtml(raw);
      }
      const subjects = v.index.subjectsByLine.get(n) ?? [];
      const facts = subjects.length
        ? `<span class="line-facts"><span class="visually-hidden">${escapeHtml(HEADINGS.facts[v.lang])}: </span>${subjects
            .map((s) => {
              const label = chooseLabel(v.index.labels.get(s) ?? [], v.lang);
              const shown = label?.value ?? s.replace(/^.*\/id\//, '');
              return `<a href="${escapeHtml(v.pathFor(s))}"${label?.lang ? ` lang="${escapeHtml(label.lang)}"` : ''}>${escapeHtml(shown)}</a>`;
            })
            .join(' ')}</span>`
        : '';
      const cls = ['line', subjects.length ? 'has-facts' : '', h && n >= h.line && n <= h.endLine ? 'highlighted' : '']
        .filter(Boolean)
        .join(' ');
      return `<div class="${cls}" id="L${n}"><a class="ln" href="#L${n}" aria-label="line ${n}">${n}</a><span class="text" lang="zh-Hant">${text || ' '}</span>${facts}</div>`;
    })
    .join('\n');
  const note = h
    ? `<p class="quote-note">${escapeHtml(HEADINGS.highlighted[v.lang])}: <a href="#L${h.line}">line ${h.line}, column ${h.column}–${h.endColumn - 1}</a>${h.iri ? ` · <a href="${escapeHtml(v.pathFor(h.iri))}">quote resource</a>` : ''}</p>`
    : '';
  return renderPage({
    title: HEADINGS.title[v.lang],
    lang: v.lang,
    switchPath: h ? `/source?quote=${h.line}-${h.column}-${h.endColumn}` : '/source',
    body: `<h1>${escapeHtml(HEADINGS.title[v.lang])}</h1>
<p>${escapeHtml(HEADINGS.intro[v.lang])}</p>
<p class="muted">${escapeHtml(v.sourceName)} — CC BY-SA 4.0 · <a href="/id/source/article">source document (data)</a></p>
${note}
<div class="source" role="region" aria-label="${escapeHtml(HEADINGS.title[v.lang])}" tabindex="0">
${body}
</div>`,
  });
}

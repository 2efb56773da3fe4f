// A change summary as plain text (the CLI's `diff` and the build's review): one block per entity, one
// line per value with its evidence, line and column numbers on both sides.

import type { Term } from '@rdfjs/types';
import { termToNT } from '../rdf/n-triples.ts';
import { WRITER_PREFIXES } from '../vocab.ts';
import type { ChangeSummary, Evidence, FactChange, FactChangeKind, FactValue } from './fact-changes.ts';

/** How each kind is marked and named. */
export const KIND_MARKS: Record<FactChangeKind, { mark: string; name: string }> = {
  changed: { mark: '~', name: 'changed' },
  added: { mark: '+', name: 'added' },
  removed: { mark: '−', name: 'removed' },
  moved: { mark: '↕', name: 'moved' },
  resourced: { mark: '※', name: 're-sourced' },
};

/** Shortens IRIs for reading: `id/city/tomsk` under the base, `wgs84:lat` for known vocabularies. */
export function iriShortener(base: string): (iri: string) => string {
  const prefixes = Object.entries(WRITER_PREFIXES).sort(([, a], [, b]) => b.length - a.length);
  return (iri) => {
    for (const [prefix, ns] of prefixes) {
      const local = iri.slice(ns.length);
      if (iri.startsWith(ns) && /^[A-Za-z_][\w.-]*$/.test(local)) return `${prefix}:${local}`;
    }
    if (iri.startsWith(base)) return iri.slice(base.length);
    return `<${iri}>`;
  };
}

/** A term for reading: a short IRI, or a literal with its language or short datatype. */
export function termText(term: Term, short: (iri: string) => string): string {
  if (term.termType === 'NamedNode') return short(term.value);
  if (term.termType === 'Literal') {
    const nt = termToNT(term);
    const typed = /^(.*)\^\^<([^>]*)>$/s.exec(nt);
    return typed ? `${typed[1]}^^${short(typed[2]!)}` : nt;
  }
  return termToNT(term);
}

/** Where a quote is: `line 45:13-15`, or `line 45:13-46:2` across lines. */
function placeText(e: Evidence): string {
  return e.endLine === e.line
    ? `line ${e.line}:${e.column}-${e.endColumn}`
    : `line ${e.line}:${e.column}-${e.endLine}:${e.endColumn}`;
}

/** Evidence for reading: `line 45:13-45:15 「河內」` or `https://www.geonames.org/1489425 (row tomsk-coordinates, line 52, Probable)`. */
export function evidenceText(e: Evidence): string {
  if (e.kind === 'quote') return `${placeText(e)} 「${e.text}」`;
  const details = [
    e.rows?.length ? `row ${e.rows.join(', ')}` : undefined,
    e.line !== undefined ? `line ${e.line}` : undefined,
    e.confidence,
  ].filter(Boolean);
  return details.length ? `${e.text} (${details.join(', ')})` : e.text;
}

export interface ChangesTextOptions {
  /** The two versions, as named to the reader (`2026-11-29`, `data/source/anmc21.zh-hant.md`). */
  from: string;
  to: string;
  base: string;
}

/** The whole summary as text. */
export function renderChangesText(summary: ChangeSummary, o: ChangesTextOptions): string {
  const short = iriShortener(o.base);
  const out: string[] = [];
  const counts = (Object.keys(KIND_MARKS) as FactChangeKind[])
    .map((k) => `${summary.counts[k]} ${KIND_MARKS[k].name}`)
    .join(', ');
  out.push(`Changes from ${o.from} to ${o.to}: facts ${counts}`);
  out.push(
    summary.graphs.length === 0
      ? 'Quads: none changed'
      : `Quads: ${summary.graphs.map((g) => `${short(g.graph)} +${g.added} −${g.removed}`).join(' · ')}`,
  );
  const moves = new Map<string, { from: number; to: number; facts: number; entities: Set<string> }>();
  for (const e of summary.entities) {
    const facts = e.facts.filter((f) => f.kind !== 'moved');
    for (const f of e.facts.filter((f) => f.kind === 'moved')) recordMoves(moves, f, short(e.subject));
    if (facts.length === 0) continue;
    out.push('', e.label ? `${short(e.subject)}  ${e.label}` : short(e.subject));
    for (const f of facts) {
      const { mark } = KIND_MARKS[f.kind];
      const head = `  ${mark} ${short(f.predicate)}`;
      const graph = `[${short(f.graph).replace(/^graph\//, '')}]`;
      if (f.kind === 'resourced') {
        const { kept, gone, come } = evidenceChanges(f);
        out.push(
          `${head} ${termText(f.after[0]!.object, short)}  ${graph}${kept ? `  (${kept} other ${kept === 1 ? 'source' : 'sources'} unchanged)` : ''}`,
        );
        for (const ev of gone) out.push(`      − ${evidenceText(ev)}`);
        for (const ev of come) out.push(`      + ${evidenceText(ev)}`);
        continue;
      }
      const values = [...f.before.map((v) => ['−', v] as const), ...f.after.map((v) => ['+', v] as const)];
      if (values.length === 1) {
        out.push(`${head} ${termText(values[0]![1].object, short)}  ${graph}  ← ${evidenceList(values[0]![1])}`);
        continue;
      }
      out.push(`${head}  ${graph}`);
      for (const [sign, v] of values) out.push(`      ${sign} ${termText(v.object, short)}  ← ${evidenceList(v)}`);
    }
  }
  if (moves.size > 0) {
    out.push(
      '',
      `${KIND_MARKS.moved.mark} Moved: ${summary.counts.moved} facts quoted with the same words from other lines (article line before → after)`,
    );
    for (const m of [...moves.values()].sort((a, b) => a.from - b.from || a.to - b.to)) {
      const names = [...m.entities];
      const listed = names.slice(0, 4).join(', ') + (names.length > 4 ? `, +${names.length - 4} more` : '');
      out.push(`  line ${m.from} → ${m.to}: ${m.facts} ${m.facts === 1 ? 'fact' : 'facts'} of ${listed}`);
    }
  }
  return out.join('\n') + '\n';
}

/** The evidence a fact kept, lost and gained. */
function evidenceChanges(f: FactChange): { kept: number; gone: Evidence[]; come: Evidence[] } {
  const was = f.before[0]!.evidence;
  const is = f.after[0]!.evidence;
  const keys = new Set(was.map((e) => e.key));
  return {
    kept: is.filter((e) => keys.has(e.key)).length,
    gone: was.filter((e) => !is.some((n) => n.key === e.key)),
    come: is.filter((e) => !keys.has(e.key)),
  };
}

/** A moved fact's quotes, paired in order (same words, old place → new place), counted by line pair. */
function recordMoves(
  moves: Map<string, { from: number; to: number; facts: number; entities: Set<string> }>,
  f: FactChange,
  entity: string,
): void {
  const { gone, come } = evidenceChanges(f);
  const pairs = new Set<string>();
  gone.forEach((e, i) => {
    const to = come[i];
    if (e.line !== undefined && to?.line !== undefined) pairs.add(`${e.line} ${to.line}`);
  });
  for (const pair of pairs) {
    const [from, to] = pair.split(' ').map(Number) as [number, number];
    let m = moves.get(pair);
    if (!m) moves.set(pair, (m = { from, to, facts: 0, entities: new Set() }));
    m.facts++;
    m.entities.add(entity);
  }
}

function evidenceList(v: FactValue): string {
  return v.evidence.length ? v.evidence.map(evidenceText).join('; ') : '(no evidence recorded)';
}

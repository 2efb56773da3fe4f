// RDF/XML of a graph without blank nodes: one rdf:Description per subject, in the order given.

import type { Quad } from '@rdfjs/types';
import { RDF, XSD } from '../vocab.ts';

const NCNAME = /^[A-Za-z_][A-Za-z0-9._-]*$/;

/** Split a predicate IRI into namespace and a local name usable as an XML element name. */
function splitPredicate(iri: string): [string, string] {
  const cut = Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/'), iri.lastIndexOf(':')) + 1;
  const local = iri.slice(cut);
  if (!NCNAME.test(local)) throw new Error(`RDF/XML cannot write the predicate <${iri}>: no XML name at its end`);
  return [iri.slice(0, cut), local];
}

const escapeText = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
const escapeAttr = (s: string) => escapeText(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');

/** `triples` must be grouped by subject (sorted); their graph is ignored. `prefixes`: name → namespace. */
export function toRdfXml(triples: readonly Quad[], prefixes: Record<string, string>): string {
  const names = new Map<string, string>(Object.entries(prefixes).map(([p, ns]) => [ns, p]));
  const used = new Map<string, string>();
  const lines: string[] = [];
  let current: string | undefined;
  for (const q of triples) {
    if (q.subject.termType !== 'NamedNode') throw new Error('RDF/XML dump: the dataset has no blank nodes');
    if (q.subject.value !== current) {
      if (current !== undefined) lines.push('  </rdf:Description>');
      lines.push(`  <rdf:Description rdf:about="${escapeAttr(q.subject.value)}">`);
      current = q.subject.value;
    }
    const [ns, local] = splitPredicate(q.predicate.value);
    let prefix = used.get(ns);
    if (!prefix) {
      prefix = names.get(ns) ?? `ns${used.size + 1}`;
      used.set(ns, prefix);
    }
    const tag = `${prefix}:${local}`;
    const o = q.object;
    if (o.termType === 'NamedNode') lines.push(`    <${tag} rdf:resource="${escapeAttr(o.value)}"/>`);
    else if (o.termType === 'Literal') {
      const attr = o.language
        ? ` xml:lang="${escapeAttr(o.language)}"`
        : o.datatype.value === XSD('string')
          ? ''
          : ` rdf:datatype="${escapeAttr(o.datatype.value)}"`;
      lines.push(`    <${tag}${attr}>${escapeText(o.value)}</${tag}>`);
    } else throw new Error('RDF/XML dump: the dataset has no blank nodes');
  }
  if (current !== undefined) lines.push('  </rdf:Description>');
  used.set(RDF(''), 'rdf');
  const xmlns = [...used]
    .sort((a, b) => a[1].localeCompare(b[1]))
    .map(([ns, p]) => ` xmlns:${p}="${escapeAttr(ns)}"`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rdf:RDF${xmlns}>\n${lines.join('\n')}\n</rdf:RDF>\n`;
}

// RDF/XML, the one writer: striped syntax, one rdf:Description per subject (in first-seen order), named
// graphs dropped (RDF/XML has none; callers merge them first), deterministic for the same input.

import type { Quad, Term } from '@rdfjs/types';
import { RDF, XSD } from '../vocab.ts';

const NCNAME_START =
  'A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD';
/** The longest tail of an IRI that is an XML name (the local part of a property element). */
// eslint-disable-next-line no-misleading-character-class -- code point ranges of the XML NameChar production, not combined characters
const NCNAME_TAIL = new RegExp(`[${NCNAME_START}][${NCNAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040]*$`);
// XML 1.0 cannot carry these characters at all, even escaped.
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/**
 * RDF/XML of the quads' triples. `prefixes` (name → namespace) name the namespaces of property
 * elements; others get `ns1`, `ns2`, … in order of first use. Throws when a predicate IRI does not end
 * in an XML name or a literal holds a character XML 1.0 forbids: such a graph has no RDF/XML form.
 */
export function writeRdfXml(quads: readonly Quad[], prefixes: Record<string, string> = {}): string {
  const names = new Map<string, string>(Object.entries(prefixes).map(([p, ns]) => [ns, p]));
  names.set(RDF.iri, 'rdf');
  const used = new Map<string, string>([[RDF.iri, 'rdf']]);
  const qnames = new Map<string, string>();
  let generated = 0;
  const qname = (iri: string): string => {
    let name = qnames.get(iri);
    if (name !== undefined) return name;
    const m = NCNAME_TAIL.exec(iri);
    if (!m || m.index === 0)
      throw new Error(`RDF/XML cannot write the predicate <${iri}>: it does not end in an XML name`);
    const ns = iri.slice(0, m.index);
    let prefix = used.get(ns);
    if (prefix === undefined) {
      prefix = names.get(ns);
      if (prefix === undefined || [...used.values()].includes(prefix)) {
        do prefix = `ns${++generated}`;
        while ([...names.values()].includes(prefix));
      }
      used.set(ns, prefix);
    }
    name = `${prefix}:${m[0]}`;
    qnames.set(iri, name);
    return name;
  };

  const bySubject = new Map<string, Quad[]>();
  for (const q of quads) {
    const key = `${q.subject.termType[0]}${q.subject.value}`;
    const list = bySubject.get(key);
    if (list) list.push(q);
    else bySubject.set(key, [q]);
  }
  const body: string[] = [];
  for (const group of bySubject.values()) {
    body.push(`  <rdf:Description ${node('about', group[0].subject)}>`);
    for (const q of group) {
      const p = qname(q.predicate.value);
      const o = q.object;
      if (o.termType === 'NamedNode' || o.termType === 'BlankNode') body.push(`    <${p} ${node('resource', o)}/>`);
      else if (o.termType === 'Literal') {
        if (XML_FORBIDDEN.test(o.value))
          throw new Error('RDF/XML cannot write a literal containing characters XML 1.0 forbids');
        const attrs = o.language
          ? ` xml:lang="${xmlAttr(o.language)}"`
          : o.datatype.value === XSD('string')
            ? ''
            : ` rdf:datatype="${xmlAttr(o.datatype.value)}"`;
        body.push(`    <${p}${attrs}>${xmlText(o.value)}</${p}>`);
      } else throw new Error(`RDF/XML cannot write a ${o.termType} object`);
    }
    body.push('  </rdf:Description>');
  }
  const xmlns = [...used]
    .sort((a, b) => (a[1] === 'rdf' ? -1 : b[1] === 'rdf' ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([ns, prefix]) => `\n    xmlns:${prefix}="${xmlAttr(ns)}"`);
  return `<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF${xmlns.join('')}>\n${body.join('\n')}${body.length ? '\n' : ''}</rdf:RDF>\n`;
}

/** `rdf:about="…"` / `rdf:resource="…"` for an IRI, `rdf:nodeID="…"` for a blank node. */
function node(attribute: 'about' | 'resource', term: Term): string {
  if (term.termType === 'BlankNode') return `rdf:nodeID="${xmlAttr(nodeId(term.value))}"`;
  if (term.termType !== 'NamedNode') throw new Error(`RDF/XML cannot write a ${term.termType} subject`);
  return `rdf:${attribute}="${xmlAttr(term.value)}"`;
}

/** rdf:nodeID must be an NCName; blank node labels from stores may not be. */
function nodeId(label: string): string {
  return 'b' + label.replace(/[^A-Za-z0-9_.-]/g, (c) => `_${c.codePointAt(0)!.toString(16)}_`);
}

function xmlText(text: string): string {
  // `\r` would be normalised away by XML parsers; `>` after `]]` must be escaped.
  return text.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
}

function xmlAttr(text: string): string {
  return text.replace(/[&<>"\r\n\t]/g, (c) => `&#${c.charCodeAt(0)};`);
}

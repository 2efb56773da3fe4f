// Graph isomorphism for small test graphs: blank nodes refined by neighbourhood, then a backtracking bijection.

import { createHash } from 'node:crypto';
import type { Quad, Term } from '@rdfjs/types';

/** N-Quads-like key of a term; blank nodes become `label(b)` (or their current colour when `label` is given). */
function termKey(term: Term, label?: (b: string) => string): string {
  switch (term.termType) {
    case 'NamedNode':
      return `<${term.value}>`;
    case 'BlankNode':
      return label ? label(term.value) : `_:${term.value}`;
    case 'Literal':
      return `${JSON.stringify(term.value)}${term.language ? `@${term.language}` : `^^<${term.datatype.value}>`}`;
    case 'DefaultGraph':
      return '';
    case 'Quad':
      return `<<${quadKey(term as Quad, label)}>>`;
    default:
      return `?${term.value}`;
  }
}

export function quadKey(quad: Quad, label?: (b: string) => string): string {
  return [quad.subject, quad.predicate, quad.object, quad.graph].map((t) => termKey(t, label)).join(' ');
}

function blankNodesOf(quad: Quad): string[] {
  const found: string[] = [];
  const visit = (term: Term) => {
    if (term.termType === 'BlankNode') found.push(term.value);
    else if (term.termType === 'Quad') [term.subject, term.predicate, term.object, term.graph].forEach(visit);
  };
  [quad.subject, quad.predicate, quad.object, quad.graph].forEach(visit);
  return found;
}

const hash = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 22);

/** Colour every blank node by its neighbourhood, refined until the number of colours stops growing. */
function colour(quads: readonly Quad[]): Map<string, string> {
  const byNode = new Map<string, Quad[]>();
  for (const quad of quads) for (const b of blankNodesOf(quad)) byNode.set(b, [...(byNode.get(b) ?? []), quad]);
  let colours = new Map([...byNode.keys()].map((b) => [b, '']));
  for (let classes = 1; ;) {
    const next = new Map<string, string>();
    for (const [b, around] of byNode) {
      const label = (other: string) => (other === b ? '_:self' : `_:${colours.get(other)}`);
      next.set(
        b,
        hash(
          around
            .map((q) => quadKey(q, label))
            .sort()
            .join('\n'),
        ),
      );
    }
    const nextClasses = new Set(next.values()).size;
    colours = next;
    if (nextClasses <= classes) return colours;
    classes = nextClasses;
  }
}

/** Whether two sets of quads are equal up to a renaming of blank nodes (duplicates are ignored). */
export function isomorphic(a: readonly Quad[], b: readonly Quad[]): boolean {
  const setA = new Map(a.map((q) => [quadKey(q), q]));
  const setB = new Map(b.map((q) => [quadKey(q), q]));
  if (setA.size !== setB.size) return false;
  const groundA = [...setA.values()].filter((q) => blankNodesOf(q).length === 0);
  const groundB = new Set([...setB.values()].filter((q) => blankNodesOf(q).length === 0).map((q) => quadKey(q)));
  if (groundA.length !== groundB.size || !groundA.every((q) => groundB.has(quadKey(q)))) return false;

  const blankA = [...setA.values()].filter((q) => blankNodesOf(q).length > 0);
  const blankB = [...setB.values()].filter((q) => blankNodesOf(q).length > 0);
  const colourA = colour(blankA);
  const colourB = colour(blankB);
  const histogram = (colours: Map<string, string>) => [...colours.values()].sort().join(',');
  if (histogram(colourA) !== histogram(colourB)) return false;

  const keysB = new Set(blankB.map((q) => quadKey(q)));
  const nodesA = [...colourA.keys()];
  const mapping = new Map<string, string>();
  const used = new Set<string>();
  // Quads of A whose blank nodes are all mapped once node i is: checked as soon as they can be.
  const order = new Map(nodesA.map((n, i) => [n, i]));
  const readyAt = nodesA.map(() => [] as Quad[]);
  for (const q of blankA) readyAt[Math.max(...blankNodesOf(q).map((n) => order.get(n)!))]!.push(q);

  const search = (i: number): boolean => {
    if (i === nodesA.length) return true;
    const node = nodesA[i]!;
    for (const [candidate, c] of colourB) {
      if (c !== colourA.get(node) || used.has(candidate)) continue;
      mapping.set(node, candidate);
      used.add(candidate);
      const label = (x: string) => `_:${mapping.get(x)}`;
      if (readyAt[i]!.every((q) => keysB.has(quadKey(q, label))) && search(i + 1)) return true;
      mapping.delete(node);
      used.delete(candidate);
    }
    return false;
  };
  return search(0);
}

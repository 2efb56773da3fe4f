// Supplement facts: the reviewed facts from other public sources (data/supplements/facts.tsv),
// and the ID registry (data/ids.tsv). Parsed here into plain records; no RDF.

import type { SourceSpan } from '../diagnostics.ts';

export type Confidence = 'verified' | 'probable';

/** One row of data/supplements/facts.tsv: one fact, one reference. */
export interface SupplementFact {
  /** Stable row id, e.g. `s-singapore-slot`. */
  id: string;
  /** Entity key as in the ID scheme, without `id/`: `city/singapore`, `meeting/2012-06`, `membership/6`. */
  subject: string;
  /** A property name from the controlled list in data/supplements/README.md. */
  property: string;
  value: string;
  /** The reference: one URL (or repository path) the fact was checked against. */
  source: string;
  confidence: Confidence;
  /** When the source was retrieved (`YYYY-MM-DD`), where the optional `retrieved` column gives it. */
  retrieved?: string;
  note: string;
  span: SourceSpan;
}

/** One row of data/ids.tsv: an entity's stable slug and the names that identify it in the article. */
export interface RegistryEntry {
  /** `city`, `person`, `place`, `concept`, `network`, `declaration`, … */
  kind: string;
  slug: string;
  /** Names as the article writes them (plain-text mentions resolve by these). */
  names: string[];
  /** zh.wikipedia page titles that link to this entity. */
  pages: string[];
  /** A schema.org type more specific than the kind's (a place: `Country`, `AdministrativeArea`), if any. */
  type?: string;
  span: SourceSpan;
}

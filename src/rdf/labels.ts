// Which name to show: the one label and title chooser (one fallback order, one language list) for the
// pages, reconciliation and the Wikidata exports. A name a source gives comes before a title derived
// from the data (graph/derived, anmc:displayTitle) in the same language, and a derived title in the
// wanted language before any name in another. Language tags compare case-insensitively (the store
// keeps them lower-cased: `zh-hant`).

import { ANMC, DCTERMS, FOAF, RDFS, SCHEMA, SKOS } from '../vocab.ts';

/** Properties whose literals are a resource's name in a source, in rank order (rank = index). */
export const NAME_PROPERTIES: readonly string[] = [
  RDFS('label'),
  SKOS('prefLabel'),
  SCHEMA('name'),
  DCTERMS('title'),
  FOAF('name'),
];

/** A display title derived from the data where no source names a resource (graph/derived). */
export const DERIVED_TITLE = ANMC('displayTitle');

/**
 * The languages labels are offered in, in fallback order: the article's language (zh-Hant) first,
 * then English and Japanese. The pages' interface languages are the same list.
 */
export const LABEL_LANGUAGES = ['zh-Hant', 'en', 'ja'] as const;

/** A name and its language tag (`''` when untagged). */
export interface LangString {
  value: string;
  lang: string;
}

/** A name to choose from; `rank` orders names of the same step (e.g. rdfs:label before skos:prefLabel). */
export interface LabelCandidate extends LangString {
  rank?: number;
  /** A display title derived from the data (anmc:displayTitle), not a name any source gives. */
  derived?: boolean;
}

export interface ChosenLabel extends LangString {
  /** Not in the wanted language: shown anyway, and marked. An untagged name is never a fallback. */
  fallback: boolean;
  /** Derived from the data, not a source's words: shown as such. */
  derived: boolean;
}

/** Basic filtering (RFC 4647 §3.3.1): `tag` is `range` or starts with `range` and `-`, ignoring case. */
export function langMatches(tag: string, range: string): boolean {
  const t = tag.toLowerCase();
  const r = range.toLowerCase();
  return t === r || t.startsWith(`${r}-`);
}

/**
 * The step of the fallback order a name is in for a wanted language: 0 a source's name in that
 * language (or a more specific tag: `en` takes `en-GB`), 1 a derived title in it, 2 untagged, then
 * zh-Hant, en, ja (LABEL_LANGUAGES; each a source's name before a derived title), then any other
 * language. Steps from 3 on are fallbacks.
 */
function step(label: LabelCandidate, want: string): number {
  const derived = label.derived ? 1 : 0;
  if (langMatches(label.lang, want)) return derived;
  if (label.lang === '') return 2;
  const i = LABEL_LANGUAGES.findIndex((l) => langMatches(label.lang, l));
  return 3 + 2 * (i < 0 ? LABEL_LANGUAGES.length : i) + derived;
}

/**
 * The name to show in `lang`, by the one fallback order (see {@link step}); within a step the lower
 * `rank`, then the value in locale order, so the choice never depends on the order names arrive in.
 */
export function chooseLabel(labels: readonly LabelCandidate[], lang: string): ChosenLabel | undefined {
  let best: { label: LabelCandidate; step: number } | undefined;
  for (const label of labels) {
    const s = step(label, lang);
    if (
      !best ||
      s < best.step ||
      (s === best.step &&
        ((label.rank ?? 0) < (best.label.rank ?? 0) ||
          ((label.rank ?? 0) === (best.label.rank ?? 0) && label.value.localeCompare(best.label.value) < 0)))
    )
      best = { label, step: s };
  }
  return (
    best && {
      value: best.label.value,
      lang: best.label.lang,
      fallback: best.step >= 3,
      derived: best.label.derived === true,
    }
  );
}

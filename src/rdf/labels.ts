// Which name to show: the one label chooser (one fallback order, one language list) for the pages,
// reconciliation and the Wikidata exports. Language tags compare case-insensitively (the store keeps
// them lower-cased: `zh-hant`).

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
}

export interface ChosenLabel extends LangString {
  /** Not in the wanted language: shown anyway, and marked. An untagged name is never a fallback. */
  fallback: boolean;
}

/** Basic filtering (RFC 4647 §3.3.1): `tag` is `range` or starts with `range` and `-`, ignoring case. */
export function langMatches(tag: string, range: string): boolean {
  const t = tag.toLowerCase();
  const r = range.toLowerCase();
  return t === r || t.startsWith(`${r}-`);
}

/**
 * The step of the fallback order a name is in for a wanted language: 0 in that language (or a more
 * specific tag: `en` takes `en-GB`), 1 untagged, then zh-Hant, en, ja (LABEL_LANGUAGES), then any
 * other language. Steps from 2 on are fallbacks.
 */
function step(tag: string, want: string): number {
  if (langMatches(tag, want)) return 0;
  if (tag === '') return 1;
  const i = LABEL_LANGUAGES.findIndex((l) => langMatches(tag, l));
  return 2 + (i < 0 ? LABEL_LANGUAGES.length : i);
}

/**
 * The name to show in `lang`, by the one fallback order (see {@link step}); within a step the lower
 * `rank`, then the value in locale order, so the choice never depends on the order names arrive in.
 */
export function chooseLabel(labels: readonly LabelCandidate[], lang: string): ChosenLabel | undefined {
  let best: { label: LabelCandidate; step: number } | undefined;
  for (const label of labels) {
    const s = step(label.lang, lang);
    if (
      !best ||
      s < best.step ||
      (s === best.step &&
        ((label.rank ?? 0) < (best.label.rank ?? 0) ||
          ((label.rank ?? 0) === (best.label.rank ?? 0) && label.value.localeCompare(best.label.value) < 0)))
    )
      best = { label, step: s };
  }
  return best && { value: best.label.value, lang: best.label.lang, fallback: best.step >= 2 };
}

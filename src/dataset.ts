// What the dataset says about itself, in one place: its name, titles, description, licence, the
// article it is built from, and the resources a newcomer should start from. Used by the mapping
// (the article and graph descriptions), the dataset description (VoID/DCAT) and the build.

import { wikiPageIri } from './vocab.ts';

/** The stem of the dump files (`anmc21.nq`, …). */
export const DUMP_NAME = 'anmc21';

/** The source article is Wikipedia text (CC BY-SA 4.0), and so is everything derived from it. */
export const LICENCE = 'https://creativecommons.org/licenses/by-sa/4.0/';

/** The zh.wikipedia page the article copies, and its IRI. */
export const ARTICLE_PAGE = '亞洲主要都市網';
export const ARTICLE_IRI = wikiPageIri(ARTICLE_PAGE);

/** dcterms:title of the dataset, by language tag. */
export const DATASET_TITLES: Readonly<Record<string, string>> = {
  en: 'Asian Network of Major Cities 21 (ANMC21) as linked data',
  'zh-Hant': '亞洲主要都市網關聯資料',
};

export const DATASET_DESCRIPTION_EN =
  'The Traditional-Chinese Wikipedia article on ANMC21 as a traceable RDF graph: every fact with its quote and line, supplemented by reviewed facts from other public sources, each with its reference and confidence.';

/** `[kind, key]` of the organisation: the root resource of the dataset. */
export const ROOT_RESOURCE: readonly [string, string] = ['network', 'anmc21'];

/** `[kind, key]` of resources to start from (listed when the dataset holds them). */
export const EXAMPLE_RESOURCES: readonly (readonly [string, string])[] = [
  ['network', 'anmc21'],
  ['city', 'tokyo'],
  ['meeting', '2001-10'],
];

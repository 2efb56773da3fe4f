// Every IRI the project uses, in one place: standard vocabularies, our ontology, and the
// scheme that mints instance IRIs under the configurable base.

/** A namespace: `NS('xyz')` gives the full IRI string; `NS.iri` is the namespace itself. */
export type Namespace = ((local: string) => string) & { readonly iri: string };

export function namespace(iri: string): Namespace {
  const fn = ((local: string) => iri + local) as Namespace;
  Object.defineProperty(fn, 'iri', { value: iri });
  return fn;
}

export const RDF = namespace('http://www.w3.org/1999/02/22-rdf-syntax-ns#');
export const RDFS = namespace('http://www.w3.org/2000/01/rdf-schema#');
export const OWL = namespace('http://www.w3.org/2002/07/owl#');
export const XSD = namespace('http://www.w3.org/2001/XMLSchema#');
export const SKOS = namespace('http://www.w3.org/2004/02/skos/core#');
export const DCTERMS = namespace('http://purl.org/dc/terms/');
export const DCAT = namespace('http://www.w3.org/ns/dcat#');
export const VOID = namespace('http://rdfs.org/ns/void#');
export const PROV = namespace('http://www.w3.org/ns/prov#');
export const ORG = namespace('http://www.w3.org/ns/org#');
export const OA = namespace('http://www.w3.org/ns/oa#');
export const SCHEMA = namespace('https://schema.org/');
export const SH = namespace('http://www.w3.org/ns/shacl#');
export const SD = namespace('http://www.w3.org/ns/sparql-service-description#');
export const TIME = namespace('http://www.w3.org/2006/time#');
export const GEO = namespace('http://www.opengis.net/ont/geosparql#');
export const WGS84 = namespace('http://www.w3.org/2003/01/geo/wgs84_pos#');
export const FOAF = namespace('http://xmlns.com/foaf/0.1/');
export const VANN = namespace('http://purl.org/vocab/vann/');
export const SPDX = namespace('http://spdx.org/rdf/terms#');
export const PAV = namespace('http://purl.org/pav/');
export const WIKIBASE = namespace('http://wikiba.se/ontology#');
export const WD = namespace('http://www.wikidata.org/entity/');
export const WDT = namespace('http://www.wikidata.org/prop/direct/');
export const ZHWIKI = namespace('https://zh.wikipedia.org/wiki/');

/**
 * Wikidata items the Wikidata kit (links/exports.ts) writes, each checked against public code that
 * uses it with that meaning (docs/identifiers.md): the classes for the schema.org types our entities
 * carry (`P31` and Mix'n'match's `type`), and Chinese Wikipedia for `S143` (imported from Wikimedia project).
 */
export const WIKIDATA_ITEMS = {
  classOfType: {
    [SCHEMA('City')]: 'Q515',
    [SCHEMA('Organization')]: 'Q43229',
    [SCHEMA('Person')]: 'Q5',
    [SCHEMA('Country')]: 'Q6256',
    [SCHEMA('AdministrativeArea')]: 'Q56061',
    [SCHEMA('Event')]: 'Q1656682',
  } as Readonly<Record<string, string>>,
  chineseWikipedia: 'Q30239',
} as const;
/** W3C format IRIs (the Service Description's `sd:resultFormat`). */
export const FORMATS = namespace('http://www.w3.org/ns/formats/');
/** The W3C HTTP vocabulary, for error bodies in RDF. */
export const HTTP = namespace('http://www.w3.org/2011/http#');
/** The SIB SPARQL-examples vocabulary, for DESCRIBE examples (SHACL has no DESCRIBE executable). */
export const SPEX = namespace('https://purl.expasy.org/sparql-examples/ontology#');
/** Asset Description Metadata Schema: `adms:versionNotes`, a release's changelog line (as DCAT 3 advises). */
export const ADMS = namespace('http://www.w3.org/ns/adms#');
/** The Changeset vocabulary: a changeset between two releases as reified additions and removals. */
export const CS = namespace('http://purl.org/vocab/changeset/schema#');
/** IANA media type registry: `IANA_MEDIA_TYPES('text/turtle')` names a media type (DCAT `dcat:mediaType`). */
export const IANA_MEDIA_TYPES = namespace('https://www.iana.org/assignments/media-types/');

/**
 * The zh.wikipedia IRI of a page title, encoded the one way used throughout: spaces become `_`
 * (as MediaWiki does), non-ASCII stays as is (an IRI, not a URI), and only characters an IRI may
 * not hold, plus `%`, `?` and `#`, are percent-encoded.
 */
export function wikiPageIri(page: string): string {
  return ZHWIKI(
    page
      .trim()
      .replace(/ /g, '_')
      .replace(
        /[\u0000-\u0020<>"{}|\\^`%?#\u007f]/g,
        (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'),
      ),
  );
}

/**
 * Namespaces that SPARQL stores execute instead of matching: built-in functions and stored procedures
 * callable by IRI, property functions ("magic predicates"), full-text and query-hint predicates. A query
 * naming an IRI in one of them, anywhere, is refused (src/store/check-query.ts). Schemes are matched
 * case-insensitively. Not listed: GeoSPARQL (`GEO`), a data vocabulary our graph uses; its functions are
 * refused as function calls like any other non-standard function.
 */
export const STORE_EXTENSION_NAMESPACES: readonly { namespace: string; store: string; what: string }[] = [
  { namespace: 'bif:', store: 'Virtuoso', what: 'built-in SQL functions' },
  { namespace: 'sql:', store: 'Virtuoso', what: 'SQL stored procedures' },
  { namespace: 'http://www.openlinksw.com/schemas/bif#', store: 'Virtuoso', what: 'built-in SQL functions' },
  { namespace: 'http://www.openlinksw.com/schemas/sql#', store: 'Virtuoso', what: 'SQL stored procedures' },
  { namespace: 'java:', store: 'Jena ARQ', what: 'functions and property functions loaded from Java classes' },
  { namespace: 'http://jena.apache.org/ARQ/property#', store: 'Jena ARQ', what: 'property functions' },
  { namespace: 'http://jena.hpl.hp.com/ARQ/property#', store: 'Jena ARQ', what: 'property functions' },
  { namespace: 'http://jena.apache.org/ARQ/list#', store: 'Jena ARQ', what: 'list property functions' },
  { namespace: 'http://jena.hpl.hp.com/ARQ/list#', store: 'Jena ARQ', what: 'list property functions' },
  { namespace: 'http://jena.apache.org/ARQ/function#', store: 'Jena ARQ', what: 'function library' },
  { namespace: 'http://jena.hpl.hp.com/ARQ/function#', store: 'Jena ARQ', what: 'function library' },
  { namespace: 'http://jena.apache.org/text#', store: 'Jena', what: 'full-text search property functions' },
  { namespace: 'http://jena.apache.org/spatial#', store: 'Jena', what: 'spatial property functions' },
  { namespace: 'http://www.bigdata.com/rdf/search#', store: 'Blazegraph', what: 'full-text search predicates' },
  { namespace: 'http://www.bigdata.com/queryHints#', store: 'Blazegraph', what: 'query hints' },
  { namespace: 'http://www.bigdata.com/rdf#', store: 'Blazegraph', what: 'service parameters' },
  {
    namespace: 'http://www.ontotext.com/owlim/',
    store: 'GraphDB',
    what: 'plugin predicates (Lucene, RDF rank, system)',
  },
  { namespace: 'http://www.ontotext.com/connectors/', store: 'GraphDB', what: 'connector predicates' },
  { namespace: 'http://www.openrdf.org/contrib/lucenesail#', store: 'RDF4J', what: 'Lucene search predicates' },
  { namespace: 'tag:stardog:api:', store: 'Stardog', what: 'functions and property functions' },
  { namespace: 'http://franz.com/ns/allegrograph/', store: 'AllegroGraph', what: 'magic properties' },
];

/** The default base under which instance IRIs are minted (configurable, see config.ts). */
export const DEFAULT_BASE = 'https://w3id.org/anmc21/';

/**
 * Our ontology. Its namespace is fixed (a published vocabulary does not move with a deployment);
 * the server answers for it at `/ontology` whatever base the data uses.
 */
export const ONTOLOGY_IRI = 'https://w3id.org/anmc21/ontology';
export const ANMC = namespace('https://w3id.org/anmc21/ontology/');

export const PREFIXES: Record<string, string> = {
  rdf: RDF.iri,
  rdfs: RDFS.iri,
  owl: OWL.iri,
  xsd: XSD.iri,
  skos: SKOS.iri,
  dcterms: DCTERMS.iri,
  dcat: DCAT.iri,
  void: VOID.iri,
  prov: PROV.iri,
  org: ORG.iri,
  oa: OA.iri,
  schema: SCHEMA.iri,
  pav: PAV.iri,
  wikibase: WIKIBASE.iri,
  sh: SH.iri,
  time: TIME.iri,
  wgs84: WGS84.iri,
  wd: WD.iri,
  wdt: WDT.iri,
  anmc: ANMC.iri,
};

/** What writers may abbreviate (Turtle, TriG, RDF/XML, JSON-LD contexts made of prefixes): PREFIXES and the vocabularies of dataset and service descriptions. Writers declare only the ones they use. */
export const WRITER_PREFIXES: Record<string, string> = {
  ...PREFIXES,
  spdx: SPDX.iri,
  sd: SD.iri,
  foaf: FOAF.iri,
  geo: GEO.iri,
  vann: VANN.iri,
  zhwiki: ZHWIKI.iri,
  formats: FORMATS.iri,
  http: HTTP.iri,
  spex: SPEX.iri,
  adms: ADMS.iri,
  cs: CS.iri,
};

/**
 * Instance IRIs under a base. The scheme (documented in README.md, pinned by a test):
 *   id/network/{slug}      the organisation            id/city/{slug}       a city
 *   id/person/{slug}       a person                    id/place/{slug}      a country or region
 *   id/concept/{slug}      a SKOS concept (focus area, office)
 *   id/membership/{key}    a membership (article slot number, or city slug for a former member)
 *   id/meeting/{yyyy-mm}   a meeting by the month the article gives; id/meeting/{yyyy}-{slug} when
 *                          no month is known (the cancelled 2005 Beijing meeting)
 *   id/event/{slug}        other events (votes, agreements, pledges, withdrawals, decisions)
 *   id/declaration/{slug}  a declaration              id/source/{slug}     a source document
 *   id/quote/{line}-{col}-{endCol}  a quoted span of the article
 *   id/statement/{hash}    a reified statement (provenance)
 *   id/reference/{hash}    a reference behind statements: a quote, or a supplement row and what it cites
 *   id/activity/{slug}     something this project does to the data (the derivation of display titles)
 *   graph/{name}           a named graph               dataset             the dataset (VoID/DCAT)
 */
export interface Iris {
  readonly base: string;
  id(kind: string, key: string): string;
  graph(name: GraphName): string;
  readonly dataset: string;
}

export type GraphName = 'article' | 'supplements' | 'provenance' | 'derived' | 'ontology';
export const GRAPH_NAMES: readonly GraphName[] = ['article', 'supplements', 'provenance', 'derived', 'ontology'];

/** Whether `base` can be a base for minting IRIs: an absolute http(s) IRI ending in `/`. */
export function isBaseIri(base: string): boolean {
  return /^https?:\/\/[^\s<>"{}|\\^`]+\/$/.test(base);
}

export function iris(base: string = DEFAULT_BASE): Iris {
  if (!isBaseIri(base)) {
    throw new Error(`Base IRI must be an absolute http(s) IRI ending in "/": ${JSON.stringify(base)}`);
  }
  return {
    base,
    id: (kind, key) => `${base}id/${kind}/${key}`,
    graph: (name) => `${base}graph/${name}`,
    dataset: `${base}dataset`,
  };
}

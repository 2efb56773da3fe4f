// The types each sort of entity carries: our own class where the ontology has one, then the most
// specific fitting schema.org and W3C types, asserted (not left to inference) so that consumers
// without a reasoner, the pages' schema.org JSON-LD and reconciliation's type filters all see them.
// The ontology declares our classes as subclasses of these; SHACL checks that each is asserted.

import type { RegistryEntry } from '../extract/supplements.ts';
import { ANMC, ORG, SCHEMA, SKOS, TIME } from '../vocab.ts';

export const ENTITY_TYPES = {
  network: [ORG('Organization'), SCHEMA('Organization')],
  city: [SCHEMA('City')],
  /** A place other than a city; the registry's `type` column names a more specific schema.org type. */
  place: [SCHEMA('Place')],
  person: [SCHEMA('Person')],
  concept: [SKOS('Concept'), SCHEMA('DefinedTerm')],
  conceptScheme: [SKOS('ConceptScheme'), SCHEMA('DefinedTermSet')],
  declaration: [ANMC('Declaration'), SCHEMA('CreativeWork')],
  membership: [ORG('Membership'), SCHEMA('OrganizationRole')],
  membershipPeriod: [TIME('ProperInterval')],
  membershipStart: [TIME('Instant')],
  plenaryMeeting: [ANMC('PlenaryMeeting'), SCHEMA('Event')],
  extraordinaryMeeting: [ANMC('ExtraordinaryMeeting'), SCHEMA('Event')],
  hostingVote: [ANMC('HostingVote'), SCHEMA('Event')],
  voteTally: [ANMC('VoteTally'), SCHEMA('StructuredValue')],
  voteMargin: [ANMC('VoteMargin'), SCHEMA('StructuredValue')],
  hostingAgreement: [ANMC('HostingAgreement'), SCHEMA('Intangible')],
  pledge: [ANMC('Pledge'), SCHEMA('CreativeWork')],
  objection: [ANMC('Objection'), SCHEMA('DisagreeAction')],
  declarationRefusal: [ANMC('DeclarationRefusal'), SCHEMA('RejectAction')],
  reschedulingDecision: [ANMC('ReschedulingDecision'), SCHEMA('ScheduleAction')],
} as const satisfies Record<string, readonly string[]>;

export type EntitySort = keyof typeof ENTITY_TYPES;

/** Registry kinds (data/ids.tsv) and the sort of entity each names. */
const KIND_SORTS: Readonly<Record<string, EntitySort>> = {
  network: 'network',
  city: 'city',
  place: 'place',
  person: 'person',
  concept: 'concept',
  declaration: 'declaration',
};

/** The types of a registry entry: its kind's, with a place's schema.org type refined by the registry. */
export function registryTypes(entry: Pick<RegistryEntry, 'kind' | 'type'>): readonly string[] {
  const sort = KIND_SORTS[entry.kind];
  if (!sort) return [];
  if (sort === 'place' && entry.type) return [SCHEMA(entry.type)];
  return ENTITY_TYPES[sort];
}

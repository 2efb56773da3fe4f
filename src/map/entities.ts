// Resolves the article's mentions and the supplements' entity keys to registry entries and IRIs,
// and turns page titles and reference strings into IRIs. Slugs only ever come from data/ids.tsv.

import type { Diagnostic, SourceSpan } from '../diagnostics.ts';
import type { Mention } from '../extract/facts.ts';
import type { RegistryEntry } from '../extract/supplements.ts';
import type { Iris } from '../vocab.ts';

export interface Entity {
  entry: RegistryEntry;
  iri: string;
}

export class EntityResolver {
  private readonly iris: Iris;
  private readonly diagnostics: Diagnostic[];
  private readonly byKey = new Map<string, RegistryEntry>();
  private readonly byPage = new Map<string, RegistryEntry>();
  private readonly byName = new Map<string, RegistryEntry[]>();

  constructor(registry: readonly RegistryEntry[], iris: Iris, diagnostics: Diagnostic[]) {
    this.iris = iris;
    this.diagnostics = diagnostics;
    for (const entry of registry) {
      this.byKey.set(`${entry.kind}/${entry.slug}`, entry);
      for (const page of entry.pages) this.byPage.set(normalisePage(page), entry);
      for (const name of entry.names) {
        const list = this.byName.get(name) ?? [];
        list.push(entry);
        this.byName.set(name, list);
      }
    }
  }

  iriOf(entry: RegistryEntry): string {
    return this.iris.id(entry.kind, entry.slug);
  }

  /** The one entry of a kind (the network); an error when there is none or more than one. */
  only(kind: string, span?: SourceSpan): Entity | undefined {
    const entries = [...this.byKey.values()].filter((e) => e.kind === kind);
    if (entries.length !== 1) {
      this.error(
        `The ID registry must hold exactly one "${kind}" entry, found ${entries.length}`,
        'map/registry',
        span,
      );
      return undefined;
    }
    return { entry: entries[0], iri: this.iriOf(entries[0]) };
  }

  /** An entity key `kind/slug` (as the supplements write it). */
  byEntityKey(key: string): Entity | undefined {
    const entry = this.byKey.get(key);
    return entry && { entry, iri: this.iriOf(entry) };
  }

  /**
   * The entity a mention names: by its wiki page when it links one, else by its text. Unregistered
   * or ambiguous mentions and mentions of an unexpected kind are errors (no ad-hoc slugs).
   */
  resolve(mention: Mention, kinds?: readonly string[]): Entity | undefined {
    const span = mention.quote.span;
    let entry: RegistryEntry | undefined;
    if (mention.link?.kind === 'wiki-page' && mention.link.page !== undefined) {
      entry = this.byPage.get(normalisePage(mention.link.page));
    }
    if (!entry) {
      const named = this.byName.get(mention.label.value) ?? [];
      const fitting = kinds ? named.filter((e) => kinds.includes(e.kind)) : named;
      if (fitting.length > 1) {
        this.error(
          `"${mention.label.value}" names ${fitting.length} registry entries (${fitting.map((e) => `${e.kind}/${e.slug}`).join(', ')})`,
          'map/ambiguous-name',
          span,
        );
        return undefined;
      }
      entry = fitting[0];
      if (entry && mention.link?.page !== undefined) {
        this.diagnostics.push({
          severity: 'warning',
          rule: 'map/unregistered-page',
          span,
          message: `Wiki page "${mention.link.page}" is not listed for ${entry.kind}/${entry.slug} in the ID registry; resolved by name`,
        });
      }
    }
    if (!entry) {
      const page = mention.link?.page ? ` (page "${mention.link.page}")` : '';
      this.error(
        `"${mention.label.value}"${page} is not in the ID registry (data/ids.tsv)`,
        'map/unregistered-entity',
        span,
      );
      return undefined;
    }
    if (kinds && !kinds.includes(entry.kind)) {
      this.error(
        `"${mention.label.value}" is a ${entry.kind} (${entry.slug}) where a ${kinds.join(' or ')} is expected`,
        'map/entity-kind',
        span,
      );
      return undefined;
    }
    return { entry, iri: this.iriOf(entry) };
  }

  private error(message: string, rule: string, span?: SourceSpan): void {
    this.diagnostics.push({ severity: 'error', message, rule, ...(span ? { span } : {}) });
  }
}

function normalisePage(page: string): string {
  return page.replace(/_/g, ' ').trim();
}

/**
 * The IRI of a supplement row's reference: an http(s) URL as given (characters an IRI may not hold
 * percent-encoded), or `github:owner/repo path @commit` as the file's GitHub URL at that commit.
 */
export function referenceIri(source: string): string | undefined {
  const text = source.trim();
  if (/^https?:\/\/\S+$/.test(text))
    return text.replace(/[<>"{}|\\^`]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  const gh = /^github:([\w.-]+\/[\w.-]+)\s+(\S+)\s+@([0-9a-f]{7,40})$/.exec(text);
  if (gh) return `https://github.com/${gh[1]}/blob/${gh[3]}/${gh[2].split('/').map(encodeURIComponent).join('/')}`;
  return undefined;
}

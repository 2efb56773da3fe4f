// The releases as a server holds them: their manifests read at start-up (checked, not hashed), and their
// data loaded only when asked: a store per release for its documents (at most `maxStores` at once, the
// least recently used dropped), and per release the set of IRIs it describes, for TimeMaps and TimeGates.

import type { Quad } from '@rdfjs/types';
import { N_QUADS } from '../rdf/formats.ts';
import { createOxigraphStore } from '../store/oxigraph-store.ts';
import type { Store } from '../store/store.ts';
import { listReleases, readReleaseQuads, readReleaseText, releaseInForce, type Release } from './releases.ts';

export interface ReleaseArchive {
  /** Oldest first. */
  readonly releases: readonly Release[];
  find(version: string): Release | undefined;
  /** The releases that describe `iri` (have it as a subject or an object), oldest first. */
  mementosOf(iri: string): Promise<Release[]>;
  /**
   * The memento to answer a request for `iri` at `when` with (RFC 7089's best match): the release in force
   * then, if it describes `iri`; else the latest earlier release that does; else (`when` precedes them
   * all) the first that does. Undefined when no release describes it.
   */
  mementoAt(iri: string, when: Date): Promise<Release | undefined>;
  /** A store over one release's quads, loaded on first use. */
  store(release: Release): Promise<Store>;
  /** One release's quads (the last few kept). */
  quads(release: Release): Promise<Quad[]>;
}

export interface ArchiveOptions {
  /** Release stores held at once (each is the whole dataset of that release). */
  maxStores: number;
}

/** Read the releases under `dir` (none if it does not exist). */
export async function openReleaseArchive(dir: string, options: ArchiveOptions): Promise<ReleaseArchive> {
  return createReleaseArchive(await listReleases(dir), options);
}

export function createReleaseArchive(releases: readonly Release[], { maxStores }: ArchiveOptions): ReleaseArchive {
  if (!Number.isInteger(maxStores) || maxStores < 1)
    throw new RangeError(`maxStores must be at least 1, got ${maxStores}`);
  const stores = new Map<string, Promise<Store>>();
  const quadCache = new Map<string, Promise<Quad[]>>();
  let described: Promise<Map<string, Set<string>>> | undefined;

  /** Least recently used first: re-inserting moves a key to the end. */
  function touch<T>(map: Map<string, T>, key: string, make: () => T, max: number): T {
    const found = map.get(key);
    if (found !== undefined) {
      map.delete(key);
      map.set(key, found);
      return found;
    }
    const made = make();
    map.set(key, made);
    while (map.size > max) map.delete(map.keys().next().value!);
    return made;
  }

  const quads = (release: Release) =>
    touch(
      quadCache,
      release.manifest.version,
      () => {
        const loading = readReleaseQuads(release);
        loading.catch(() => quadCache.delete(release.manifest.version));
        return loading;
      },
      2,
    );

  /** Every release's described IRIs, read once (a release's data never changes). */
  const describedIris = () =>
    (described ??= (async () => {
      const out = new Map<string, Set<string>>();
      for (const release of releases) {
        const iris = new Set<string>();
        for (const q of await readReleaseQuads(release)) {
          if (q.subject.termType === 'NamedNode') iris.add(q.subject.value);
          if (q.object.termType === 'NamedNode') iris.add(q.object.value);
        }
        out.set(release.manifest.version, iris);
      }
      return out;
    })());

  const mementosOf = async (iri: string) => {
    const index = await describedIris();
    return releases.filter((r) => index.get(r.manifest.version)!.has(iri));
  };

  return {
    releases,
    find: (version) => releases.find((r) => r.manifest.version === version),
    mementosOf,
    async mementoAt(iri, when) {
      const mementos = await mementosOf(iri);
      if (mementos.length === 0) return undefined;
      const inForce = releaseInForce(releases, when);
      if (!inForce) return mementos[0];
      return mementos.filter((r) => r.issued.getTime() <= inForce.issued.getTime()).at(-1) ?? mementos[0];
    },
    store: (release) =>
      touch(
        stores,
        release.manifest.version,
        () => {
          const loading = readReleaseText(release).then((data) =>
            createOxigraphStore([{ data, format: N_QUADS.mediaType }]),
          );
          loading.catch(() => stores.delete(release.manifest.version));
          return loading;
        },
        maxStores,
      ),
    quads,
  };
}

// Stored queries: `queries/*.rq`, each with `# title: …` and optional `# description: …` header lines.
//
// They are served at /queries/NAME and listed as examples in the Service Description, so each is
// checked at start-up like a client's query: a broken or updating stored query stops the server.

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { checkQuery } from './check-query.ts';
import type { QueryForm } from '../rdf/formats.ts';

export interface StoredQuery {
  /** File name without `.rq`; kebab-case, used in the URL. */
  name: string;
  title: string;
  description?: string;
  /** The whole file, header comments included (they are SPARQL comments). */
  query: string;
  form: QueryForm;
}

const NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const HEADER = /^#\s*(title|description)\s*:\s*(.*?)\s*$/i;

/** Parse one stored query file's text. Throws with the file name and the reason when it is not usable. */
export function parseStoredQuery(name: string, text: string, file = `${name}.rq`): StoredQuery {
  if (!NAME.test(name)) throw new Error(`${file}: stored query names must be kebab-case (a-z, 0-9, -), got "${name}"`);
  const headers: Record<string, string> = {};
  // Header lines are the leading comment block; continuation lines (`#   more`) extend the last field.
  let last: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (!line.startsWith('#')) {
      if (line.trim() === '') continue;
      break;
    }
    const match = HEADER.exec(line);
    if (match) {
      last = match[1].toLowerCase();
      headers[last] = match[2];
    } else if (last && /^#\s{2,}\S/.test(line)) {
      headers[last] += ' ' + line.slice(1).trim();
    } else {
      last = undefined;
    }
  }
  if (!headers.title) throw new Error(`${file}: missing "# title: …" header line`);
  let form: QueryForm;
  try {
    form = checkQuery(text).form;
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return {
    name,
    title: headers.title,
    ...(headers.description ? { description: headers.description } : {}),
    query: text,
    form,
  };
}

/** Read every `*.rq` in `dir`, sorted by name. A missing folder means no stored queries. */
export async function loadStoredQueries(dir: string): Promise<StoredQuery[]> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files = entries.filter((f) => f.endsWith('.rq')).sort();
  return Promise.all(
    files.map(async (file) => {
      const full = path.join(dir, file);
      return parseStoredQuery(file.slice(0, -3), await readFile(full, 'utf8'), full);
    }),
  );
}

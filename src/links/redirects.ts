// Renamed identifiers: data/redirects.tsv maps an old path under the base (e.g. `id/city/old-slug`) to
// its new path; the server answers the old one with 301 (http/routes/redirects.ts) so published links
// keep working.

export interface Redirect {
  old: string;
  new: string;
}

/** Parse data/redirects.tsv (columns old, new, date, reason); a malformed row throws with its line. */
export function readRedirects(text: string, file = 'data/redirects.tsv'): Redirect[] {
  const lines = text.split('\n');
  const out: Redirect[] = [];
  lines.slice(1).forEach((line, i) => {
    if (line.trim() === '') return;
    const [from, to, date, reason] = line.split('\t');
    if (
      !/^id\/[a-z]+\/[a-z0-9/-]+$/.test(from ?? '') ||
      !/^id\/[a-z]+\/[a-z0-9/-]+$/.test(to ?? '') ||
      !/^\d{4}-\d{2}-\d{2}$/.test(date ?? '') ||
      !reason
    ) {
      throw new Error(`${file}:${i + 2}: expected "id/kind/old<TAB>id/kind/new<TAB>YYYY-MM-DD<TAB>reason"`);
    }
    out.push({ old: from, new: to });
  });
  return out;
}

// A Link header (RFC 8288) or a link-format document (RFC 6690) read as a client reads it: each link's
// target and parameters, `rel` split into its relation types. Written here, apart from the server's code.

export interface ParsedLink {
  target: string;
  rels: string[];
  params: Record<string, string>;
}

/** Split at commas outside `<…>` and quoted strings. */
function splitLinks(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let inTarget = false;
  let quoted = false;
  for (const c of text) {
    if (c === '<' && !quoted) inTarget = true;
    else if (c === '>' && !quoted) inTarget = false;
    else if (c === '"' && !inTarget) quoted = !quoted;
    if (c === ',' && !inTarget && !quoted) {
      out.push(current);
      current = '';
    } else current += c;
  }
  if (current.trim()) out.push(current);
  return out.map((s) => s.trim()).filter(Boolean);
}

export function parseLinks(text: string | null | undefined): ParsedLink[] {
  if (!text) return [];
  return splitLinks(text).map((part) => {
    const m = /^<([^>]*)>\s*(.*)$/s.exec(part);
    if (!m) throw new Error(`Not a link: ${part}`);
    const params: Record<string, string> = {};
    for (const p of m[2]!
      .split(';')
      .map((x) => x.trim())
      .filter(Boolean)) {
      const eq = p.indexOf('=');
      const name = p.slice(0, eq).trim().toLowerCase();
      const value = p
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/s, '$1');
      params[name] = value;
    }
    return { target: m[1]!, rels: (params.rel ?? '').split(/\s+/).filter(Boolean), params };
  });
}

/** The links having every one of `rels`. */
export function withRel(links: readonly ParsedLink[], ...rels: string[]): ParsedLink[] {
  return links.filter((l) => rels.every((r) => l.rels.includes(r)));
}

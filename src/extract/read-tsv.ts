// Readers for the project's own TSV data files: the ID registry and the supplement facts.

import type { Diagnostic } from '../diagnostics.ts';
import type { Confidence, RegistryEntry, SupplementFact } from './supplements.ts';

interface Row {
  line: number;
  cells: Record<string, string>;
}

/** Parse a TSV with a header row; wrong cell counts and missing columns are error diagnostics. */
function readTsv(text: string, file: string, required: string[], diagnostics: Diagnostic[]): Row[] {
  const lines = text.split('\n');
  const header = (lines[0] ?? '').replace(/\r$/, '').split('\t');
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    diagnostics.push({
      severity: 'error',
      message: `Missing column(s) ${missing.join(', ')} in the header`,
      rule: 'extract/tsv',
      span: { file, line: 1, column: 1, endLine: 1, endColumn: (lines[0] ?? '').length + 1 },
    });
    return [];
  }
  const rows: Row[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    if (line.trim() === '') continue;
    const cells = line.split('\t');
    if (cells.length !== header.length) {
      diagnostics.push({
        severity: 'error',
        message: `Row has ${cells.length} cells, the header has ${header.length}`,
        rule: 'extract/tsv',
        span: { file, line: i + 1, column: 1, endLine: i + 1, endColumn: line.length + 1 },
      });
      continue;
    }
    rows.push({ line: i + 1, cells: Object.fromEntries(header.map((h, j) => [h, cells[j]])) });
  }
  return rows;
}

function rowSpan(file: string, row: Row): SupplementFact['span'] {
  const width = Object.values(row.cells).join('\t').length;
  return { file, line: row.line, column: 1, endLine: row.line, endColumn: width + 1 };
}

const split = (cell: string): string[] => (cell === '' ? [] : cell.split('|'));

export function readRegistry(text: string, file: string): { entries: RegistryEntry[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const entries: RegistryEntry[] = [];
  const keys = new Map<string, number>();
  const names = new Map<string, string>();
  for (const row of readTsv(text, file, ['kind', 'slug', 'names', 'pages'], diagnostics)) {
    const { kind, slug } = row.cells;
    const span = rowSpan(file, row);
    if (!/^[a-z]+$/.test(kind) || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) {
      diagnostics.push({
        severity: 'error',
        message: `Bad kind or slug "${kind}/${slug}" (lower-case ASCII words joined by "-")`,
        rule: 'extract/registry',
        span,
      });
      continue;
    }
    const key = `${kind}/${slug}`;
    if (keys.has(key)) {
      diagnostics.push({
        severity: 'error',
        message: `${key} is registered twice (also line ${keys.get(key)})`,
        rule: 'extract/registry',
        span,
      });
      continue;
    }
    keys.set(key, row.line);
    // Optional column: a schema.org type (local name) more specific than the kind's.
    const type = row.cells.type ?? '';
    if (type !== '' && !/^[A-Z][A-Za-z]+$/.test(type)) {
      diagnostics.push({
        severity: 'error',
        message: `Bad type "${type}" for ${key} (a schema.org type's local name, e.g. Country)`,
        rule: 'extract/registry',
        span,
      });
      continue;
    }
    const entry: RegistryEntry = {
      kind,
      slug,
      names: split(row.cells.names),
      pages: split(row.cells.pages),
      ...(type ? { type } : {}),
      span,
    };
    for (const name of [...entry.names, ...entry.pages.map((p) => `page:${p}`)]) {
      const other = names.get(name);
      if (other && other !== key)
        diagnostics.push({
          severity: 'error',
          message: `"${name}" names both ${other} and ${key}`,
          rule: 'extract/registry',
          span,
        });
      names.set(name, key);
    }
    entries.push(entry);
  }
  return { entries, diagnostics };
}

export function readSupplements(text: string, file: string): { facts: SupplementFact[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const facts: SupplementFact[] = [];
  const ids = new Set<string>();
  for (const row of readTsv(
    text,
    file,
    ['id', 'subject', 'property', 'value', 'source', 'confidence', 'note'],
    diagnostics,
  )) {
    const c = row.cells;
    const span = rowSpan(file, row);
    const problems: string[] = [];
    if (!/^[a-z0-9-]+$/.test(c.id)) problems.push(`bad id "${c.id}"`);
    if (ids.has(c.id)) problems.push(`duplicate id "${c.id}"`);
    if (!/^[a-z]+\/[a-z0-9-]+$/.test(c.subject)) problems.push(`bad subject key "${c.subject}"`);
    if (c.value === '') problems.push('empty value');
    if (!/^(https?:\/\/\S+|github:\S+ \S+ @[0-9a-f]{40})$/.test(c.source))
      problems.push(`source must be one URL or "github:owner/repo path @commit", got "${c.source}"`);
    if (c.confidence !== 'verified' && c.confidence !== 'probable')
      problems.push(`confidence must be verified or probable, got "${c.confidence}"`);
    // Optional column: the day the source was retrieved, where the review recorded it.
    const retrieved = c.retrieved ?? '';
    if (retrieved !== '' && !/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(retrieved))
      problems.push(`retrieved must be a date YYYY-MM-DD or empty, got "${retrieved}"`);
    if (problems.length > 0) {
      diagnostics.push({
        severity: 'error',
        message: `Supplement row ${c.id || '?'}: ${problems.join('; ')}`,
        rule: 'extract/supplement',
        span,
      });
      continue;
    }
    ids.add(c.id);
    facts.push({
      id: c.id,
      subject: c.subject,
      property: c.property,
      value: c.value,
      source: c.source,
      confidence: c.confidence as Confidence,
      ...(retrieved ? { retrieved } : {}),
      note: c.note,
      span,
    });
  }
  return { facts, diagnostics };
}

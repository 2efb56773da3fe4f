// Diagnostics: what the pipeline reports about its input, with exact positions.
//
// Positions: lines and columns count from 1; columns count Unicode code points (not UTF-16 units);
// offsets count code points from 0. A span's end column is exclusive.

export type Severity = 'error' | 'warning' | 'info';

export interface SourceSpan {
  /** Path of the source file, relative to the project root (e.g. `data/source/anmc21.zh-hant.md`). */
  file: string;
  line: number;
  column: number;
  endLine: number;
  /** Exclusive. */
  endColumn: number;
}

export interface Diagnostic {
  severity: Severity;
  message: string;
  /** Rule id, `room/rule`, e.g. `extract/date`. */
  rule: string;
  span?: SourceSpan;
  expected?: string;
  actual?: string;
}

export function formatSpan(span: SourceSpan): string {
  return `${span.file}:${span.line}:${span.column}-${span.endLine}:${span.endColumn}`;
}

/** `data/source/x.md:12:3-12:41 error Unknown date "2012年13月" extract/date` */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.span ? formatSpan(d.span) : '-';
  let text = `${where} ${d.severity} ${d.message} ${d.rule}`;
  if (d.expected !== undefined || d.actual !== undefined) {
    text += ` (expected ${d.expected ?? '?'}, got ${d.actual ?? '?'})`;
  }
  return text;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Thrown when a stage cannot go on; carries every diagnostic collected so far. */
export class DiagnosticError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(message: string, diagnostics: Diagnostic[]) {
    super(message);
    this.name = 'DiagnosticError';
    this.diagnostics = diagnostics;
  }
}

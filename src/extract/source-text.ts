// A source file's text with position bookkeeping: UTF-16 indices in, line/column spans and quotes out.

import type { SourceSpan } from '../diagnostics.ts';
import type { Quote } from './facts.ts';

export class SourceText {
  readonly file: string;
  readonly text: string;
  /** UTF-16 index where each line starts (line n starts at lineStarts[n - 1]). */
  readonly lineStarts: number[];

  constructor(file: string, text: string) {
    this.file = file;
    this.text = text;
    this.lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** Text of line n (1-based), without its line break. */
  line(n: number): string {
    const start = this.lineStarts[n - 1];
    const end = n < this.lineStarts.length ? this.lineStarts[n] - 1 : this.text.length;
    return this.text.slice(start, end).replace(/\r$/, '');
  }

  /** 1-based line and column (in code points) of a UTF-16 index. */
  position(index: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: codePointLength(this.text, this.lineStarts[lo], index) + 1 };
  }

  span(start: number, end: number): SourceSpan {
    const a = this.position(start);
    const b = this.position(end);
    return { file: this.file, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }

  quote(start: number, end: number): Quote {
    return {
      text: this.text.slice(start, end),
      span: this.span(start, end),
      offset: codePointLength(this.text, 0, start),
      endOffset: codePointLength(this.text, 0, end),
    };
  }
}

function codePointLength(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) i++;
    n++;
  }
  return n;
}

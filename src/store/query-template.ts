// Query templates: a query's text with the values of its literals taken out, so that queries differing
// only in those values (another city name, ordinal, LIMIT or constant in a FILTER) share one check.
//
// Why: the check (check-query.ts) parses with sparqljs, about 1–5 ms for a stored query, far more than
// the engine needs to answer it; what the check decides (form, dataset, refused IRIs, functions,
// SERVICE, updates) never depends on a string's or a number's value, only on the code around them.
// One linear pass over the text (no recursion, no backtracking) makes the key: string literals become
// one placeholder, numbers one placeholder per lexical kind (INTEGER, DECIMAL, DOUBLE), comments and
// runs of whitespace one space; everything else (keywords, IRIs, prefixed names, variables, brackets,
// operators, language tags, datatypes) is kept exactly as written. Anything the pass cannot read as
// SPARQL tokens (an unterminated string, a stray quote), and a string holding a code point escape
// (whose value the parser checks), gives no template: such a query is checked in full, and the parser
// reports any error with its position.

/** A query's template key and the values of its top-level solution modifiers. */
export interface QueryTemplate {
  /** The text with each literal's value replaced by a placeholder of its kind. */
  key: string;
  /**
   * The number after each LIMIT and OFFSET outside any bracket (the query's own solution modifiers),
   * by position in the text: a template records which of them the parse took as LIMIT and OFFSET.
   */
  modifiers: { keyword: 'LIMIT' | 'OFFSET'; value: number }[];
}

// Placeholders: a control character cannot occur in the kept code of a query that passed the check (the
// parser refuses it outside strings), so a placeholder never equals kept text.
const STRING = '\u0001S';
const INTEGER = '\u0001I';
const DECIMAL = '\u0001D';
const DOUBLE = '\u0001E';

// The terminals of the SPARQL 1.1 grammar (§19.8), as sticky expressions.
const IRIREF = /<[^<>"{}|^`\\\u0000-\u0020]*>/y;
const ECHAR = String.raw`\\[tbnrf\\"']`;
const UCHAR = String.raw`\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}`;
const STRING_LITERAL_LONG1 = new RegExp(`'''(?:(?:'|'')?(?:[^'\\\\]|${ECHAR}|${UCHAR}))*'''`, 'y');
const STRING_LITERAL_LONG2 = new RegExp(`"""(?:(?:"|"")?(?:[^"\\\\]|${ECHAR}|${UCHAR}))*"""`, 'y');
const STRING_LITERAL1 = new RegExp(`'(?:[^\\u0027\\u005C\\u000A\\u000D]|${ECHAR}|${UCHAR})*'`, 'y');
const STRING_LITERAL2 = new RegExp(`"(?:[^\\u0022\\u005C\\u000A\\u000D]|${ECHAR}|${UCHAR})*"`, 'y');
const NUMBER_DOUBLE = /(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+/y;
const NUMBER_DECIMAL = /[0-9]*\.[0-9]+/y;
const NUMBER_INTEGER = /[0-9]+/y;

/**
 * Characters a name-like token (keyword, prefixed name, variable, blank node label, language tag) is
 * made of; a run of them is kept verbatim, so a digit inside one is never taken for a number.
 */
function isNameChar(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) || // a-z
    (c >= 0x41 && c <= 0x5a) || // A-Z
    (c >= 0x30 && c <= 0x39) || // 0-9
    c === 0x5f || // _
    c === 0x3a || // :
    c === 0x3f || // ?
    c === 0x24 || // $
    c === 0x40 || // @
    c === 0x2d || // -
    c === 0x2e || // .
    c === 0x25 || // %
    c >= 0x80
  );
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function stickyMatch(re: RegExp, text: string, at: number): number {
  re.lastIndex = at;
  return re.test(text) ? re.lastIndex : -1;
}

/**
 * The template of a query text, or undefined when the text does not read as SPARQL tokens (it is then
 * checked in full). Linear in the text's length.
 */
export function queryTemplate(text: string): QueryTemplate | undefined {
  const n = text.length;
  const out: string[] = [];
  const modifiers: QueryTemplate['modifiers'] = [];
  let depth = 0;
  /** The keyword before the current token, when it was LIMIT or OFFSET outside brackets. */
  let pendingModifier: 'LIMIT' | 'OFFSET' | undefined;
  let space = false;
  let i = 0;
  const emit = (piece: string) => {
    if (space && out.length > 0) out.push(' ');
    space = false;
    out.push(piece);
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
      space = true;
      i++;
      continue;
    }
    if (c === 0x23) {
      // # a comment, to the end of the line
      while (i < n && text.charCodeAt(i) !== 0x0a && text.charCodeAt(i) !== 0x0d) i++;
      space = true;
      continue;
    }
    const modifier = pendingModifier;
    pendingModifier = undefined;
    if (c === 0x22 || c === 0x27) {
      const long = c === 0x22 ? STRING_LITERAL_LONG2 : STRING_LITERAL_LONG1;
      const short = c === 0x22 ? STRING_LITERAL2 : STRING_LITERAL1;
      const end = text.startsWith(c === 0x22 ? '"""' : "'''", i)
        ? stickyMatch(long, text, i)
        : stickyMatch(short, text, i);
      if (end === -1) return undefined;
      // A code point escape is checked by the parser (a lone surrogate is refused): such a string's
      // value matters to the check, so the query gets no template.
      const body = text.slice(i, end);
      if (body.includes('\\u') || body.includes('\\U')) return undefined;
      emit(STRING);
      i = end;
      continue;
    }
    if (c === 0x3c) {
      const end = stickyMatch(IRIREF, text, i);
      if (end !== -1) {
        emit(text.slice(i, end));
        i = end;
        continue;
      }
    }
    if (isDigit(c) || (c === 0x2e && isDigit(text.charCodeAt(i + 1)))) {
      let end = stickyMatch(NUMBER_DOUBLE, text, i);
      let kind = DOUBLE;
      if (end === -1) {
        end = stickyMatch(NUMBER_DECIMAL, text, i);
        kind = DECIMAL;
      }
      if (end === -1) {
        end = stickyMatch(NUMBER_INTEGER, text, i);
        kind = INTEGER;
      }
      if (modifier && kind === INTEGER) modifiers.push({ keyword: modifier, value: Number(text.slice(i, end)) });
      emit(kind);
      i = end;
      continue;
    }
    if (c === 0x5c || isNameChar(c)) {
      const start = i;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 0x5c)
          i += 2; // a local-name escape such as ex:a\#b
        else if (isNameChar(d)) i++;
        else break;
      }
      const word = text.slice(start, Math.min(i, n));
      emit(word);
      if (depth === 0 && word.length <= 6) {
        const upper = word.toUpperCase();
        if (upper === 'LIMIT' || upper === 'OFFSET') pendingModifier = upper;
      }
      continue;
    }
    if (c === 0x7b || c === 0x28 || c === 0x5b) depth++;
    else if ((c === 0x7d || c === 0x29 || c === 0x5d) && depth > 0) depth--;
    emit(text[i]!);
    i++;
  }
  return { key: out.join(''), modifiers };
}

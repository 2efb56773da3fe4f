// The linear pre-scan every query passes before any recursive parser or the engine sees it: one pass
// over the text (no recursion, no backtracking) that bounds how deeply it nests and how many operators
// and groups it builds, and finds its form from the first keyword.
//
// Why: sparqljs (a recursive parser, quadratic in nesting) and the engine (a WebAssembly evaluator
// whose stack traps for good at ~1,000 nested groups or ~250 nested function calls, and at ~1,000
// chained operators) must never meet a query whose shape could stall or break them. The limits leave
// a margin of at least 1.4 over the smallest shape measured to trap (docs/sparql.md, "Query shape").

import type { QueryForm } from '../rdf/formats.ts';

export interface QueryShapeLimits {
  /** Brackets (`{`, `(`, `[`) and prefix operators (`!`, unary `-`/`+`, path `^`) open at once. */
  maxDepth: number;
  /** Operators, groups and brackets in the whole query (VALUES data excluded). */
  maxOperators: number;
}

export const DEFAULT_SHAPE_LIMITS: Readonly<QueryShapeLimits> = Object.freeze({ maxDepth: 64, maxOperators: 512 });

/** What the scan found. `form` is undefined when the first keyword is none of the four query forms. */
export interface QueryShape {
  form?: QueryForm;
  /** The first keyword is an update operation (INSERT, DELETE, LOAD, CLEAR, …). */
  update: boolean;
  /** Deepest nesting reached, and operators counted. */
  depth: number;
  operators: number;
}

/** A limit the text exceeds, and the UTF-16 offset of the token that exceeded it. */
export interface ShapeRefusal {
  limit: 'depth' | 'operators';
  max: number;
  offset: number;
}

const FORMS: ReadonlySet<string> = new Set(['SELECT', 'ASK', 'CONSTRUCT', 'DESCRIBE']);
const UPDATES: ReadonlySet<string> = new Set([
  'INSERT',
  'DELETE',
  'LOAD',
  'CLEAR',
  'CREATE',
  'DROP',
  'COPY',
  'MOVE',
  'ADD',
  'WITH',
]);
/** Keywords that join or combine patterns (each builds one more algebra node). */
const COMBINING: ReadonlySet<string> = new Set(['UNION', 'OPTIONAL', 'MINUS', 'IN']);
/** Keywords that end an operand like a term does. */
const TERM_WORDS: ReadonlySet<string> = new Set(['A', 'TRUE', 'FALSE', 'UNDEF']);

const IRIREF = /<[^<>"{}|^`\\\u0000-\u0020]*>/y;
const NAME = /(?:[\p{L}_][\p{L}\p{N}_.\-\u00B7]*)?(?::(?:[\p{L}\p{N}_:.\-\u00B7]|%[0-9A-Fa-f]{2}|\\[^\n\r])*)?/uy;
const VARIABLE = /[\p{L}\p{N}_\u00B7]*/uy;
const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const LANGTAG = /@[A-Za-z0-9-]*/y;

/**
 * Scan a query text once. Returns the refusal for the first limit exceeded (scanning stops there), or
 * the shape. Text that is not SPARQL at all is scanned too (the parser reports it later); the scan
 * itself never fails.
 */
export function scanQueryShape(
  text: string,
  limits: QueryShapeLimits = DEFAULT_SHAPE_LIMITS,
): QueryShape | ShapeRefusal {
  const n = text.length;
  /** Prefix operators waiting for their operand, per open bracket level (index 0: outside any). */
  const pending: number[] = [0];
  let unary = 0;
  let depth = 0;
  let deepest = 0;
  let operators = 0;
  /** Whether the last token ends an operand (so a following `-`/`+` is binary, not a sign). */
  let afterOperand = false;
  let form: QueryForm | undefined;
  let update = false;
  let sawKeyword = false;
  /** VALUES: 1 = keyword seen, its `{` next; otherwise the bracket depth of its data block (0: none). */
  let valuesAt = 0;
  let awaitingValues = false;

  const tooDeep = (offset: number): ShapeRefusal | undefined => {
    const total = depth + unary;
    if (total > deepest) deepest = total;
    return total > limits.maxDepth ? { limit: 'depth', max: limits.maxDepth, offset } : undefined;
  };
  const count = (offset: number): ShapeRefusal | undefined => {
    if (valuesAt !== 0) return undefined; // VALUES rows are data
    operators++;
    return operators > limits.maxOperators ? { limit: 'operators', max: limits.maxOperators, offset } : undefined;
  };
  /** An operand ended or a binary operator or separator came: prefix operators at this level are closed. */
  const settle = () => {
    unary -= pending[depth]!;
    pending[depth] = 0;
  };
  const prefixOperator = (offset: number): ShapeRefusal | undefined => {
    pending[depth]!++;
    unary++;
    return count(offset) ?? tooDeep(offset);
  };
  const binaryOperator = (offset: number): ShapeRefusal | undefined => {
    settle();
    afterOperand = false;
    return count(offset);
  };

  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    // Whitespace.
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
      i++;
      continue;
    }
    const start = i;
    let refused: ShapeRefusal | undefined;
    switch (c) {
      case 0x23: {
        // # comment to the end of the line
        while (i < n && text.charCodeAt(i) !== 0x0a && text.charCodeAt(i) !== 0x0d) i++;
        continue;
      }
      case 0x22: // "
      case 0x27: {
        // ' — short or long string; escapes skip one character
        const long = text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c;
        i += long ? 3 : 1;
        while (i < n) {
          const d = text.charCodeAt(i);
          if (d === 0x5c) {
            i += 2;
            continue;
          }
          if (d === c && (!long || (text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c))) {
            i += long ? 3 : 1;
            break;
          }
          if (!long && (d === 0x0a || d === 0x0d)) break;
          i++;
        }
        settleOperand();
        continue;
      }
      case 0x3c: {
        // < : an IRI, or less-than (or <=)
        IRIREF.lastIndex = i;
        if (IRIREF.test(text)) {
          i = IRIREF.lastIndex;
          settleOperand();
          continue;
        }
        i += text.charCodeAt(i + 1) === 0x3d ? 2 : 1;
        refused = binaryOperator(start);
        break;
      }
      case 0x3e: // >, >=
        i += text.charCodeAt(i + 1) === 0x3d ? 2 : 1;
        refused = binaryOperator(start);
        break;
      case 0x3d: // =
        i++;
        refused = binaryOperator(start);
        break;
      case 0x21: // ! or !=
        if (text.charCodeAt(i + 1) === 0x3d) {
          i += 2;
          refused = binaryOperator(start);
        } else {
          i++;
          afterOperand = false;
          refused = prefixOperator(start);
        }
        break;
      case 0x26: // &&
      case 0x7c: // || (or a path alternative |)
        i += text.charCodeAt(i + 1) === c ? 2 : 1;
        refused = binaryOperator(start);
        break;
      case 0x2a: // * : multiplication or a path modifier after an operand, else a wildcard (SELECT *, COUNT(*))
        i++;
        if (afterOperand) refused = binaryOperator(start);
        else settleOperand();
        break;
      case 0x2f: // /
        i++;
        refused = binaryOperator(start);
        break;
      case 0x5e: // ^^ (datatype) or ^ (inverse path)
        if (text.charCodeAt(i + 1) === 0x5e) {
          i += 2;
          afterOperand = false;
          continue;
        }
        i++;
        afterOperand = false;
        refused = prefixOperator(start);
        break;
      case 0x2b: // +
      case 0x2d: {
        // - : a signed number where an operand may start, else an operator (prefix when no operand precedes)
        const next = text.charCodeAt(i + 1);
        const digit = (next >= 0x30 && next <= 0x39) || (next === 0x2e && isDigit(text.charCodeAt(i + 2)));
        if (digit && !afterOperand) {
          NUMBER.lastIndex = i + 1;
          NUMBER.test(text);
          i = NUMBER.lastIndex;
          settleOperand();
          continue;
        }
        i++;
        if (afterOperand) refused = binaryOperator(start);
        else refused = prefixOperator(start);
        break;
      }
      case 0x28: // (
      case 0x7b: // {
      case 0x5b: {
        // [
        i++;
        if (c === 0x7b && awaitingValues) {
          awaitingValues = false;
          refused = open(start);
          valuesAt = depth;
        } else {
          refused = count(start) ?? open(start);
        }
        afterOperand = false;
        break;
      }
      case 0x29: // )
      case 0x7d: // }
      case 0x5d: // ]
        i++;
        if (depth > 0) {
          unary -= pending.pop()!;
          if (valuesAt === depth) valuesAt = 0;
          depth--;
        }
        settleOperand();
        continue;
      case 0x2e: // . — a number, or the triple separator
        if (isDigit(text.charCodeAt(i + 1))) {
          NUMBER.lastIndex = i;
          NUMBER.test(text);
          i = NUMBER.lastIndex;
          settleOperand();
          continue;
        }
        i++;
        settle();
        afterOperand = false;
        continue;
      case 0x2c: // ,
      case 0x3b: // ;
        i++;
        settle();
        afterOperand = false;
        continue;
      case 0x3f: // ? or $ : a variable, or the path modifier ?
      case 0x24: {
        VARIABLE.lastIndex = i + 1;
        VARIABLE.test(text);
        if (VARIABLE.lastIndex > i + 1) {
          i = VARIABLE.lastIndex;
          settleOperand();
          continue;
        }
        i++;
        refused = binaryOperator(start);
        break;
      }
      case 0x40: // @lang
        LANGTAG.lastIndex = i;
        LANGTAG.test(text);
        i = Math.max(LANGTAG.lastIndex, i + 1);
        continue;
      default: {
        if (isDigit(c)) {
          NUMBER.lastIndex = i;
          NUMBER.test(text);
          i = NUMBER.lastIndex;
          settleOperand();
          continue;
        }
        NAME.lastIndex = i;
        NAME.test(text);
        let end = NAME.lastIndex;
        // A local name never ends with '.': that dot ends the triple.
        while (end > i + 1 && text.charCodeAt(end - 1) === 0x2e) end--;
        if (end === i) {
          i++; // not SPARQL: the parser will say so
          continue;
        }
        const word = text.slice(i, end);
        i = end;
        if (word.includes(':')) {
          settleOperand();
          continue;
        }
        const keyword = word.toUpperCase();
        if (!sawKeyword && keyword !== 'BASE' && keyword !== 'PREFIX') {
          sawKeyword = true;
          if (FORMS.has(keyword)) form = keyword as QueryForm;
          else if (UPDATES.has(keyword)) update = true;
        }
        if (TERM_WORDS.has(keyword)) {
          settleOperand();
          continue;
        }
        if (keyword === 'VALUES') awaitingValues = true;
        if (COMBINING.has(keyword)) refused = binaryOperator(start);
        afterOperand = false;
        break;
      }
    }
    if (refused) return refused;
  }
  return { form, update, depth: deepest, operators };

  function open(offset: number): ShapeRefusal | undefined {
    depth++;
    pending.push(0);
    return tooDeep(offset);
  }
  /** A term or a closing bracket ended an operand: the prefix operators applied to it are done. */
  function settleOperand(): void {
    settle();
    afterOperand = true;
  }
}

/** Whether a scan result is a refusal. */
export function isShapeRefusal(result: QueryShape | ShapeRefusal): result is ShapeRefusal {
  return 'limit' in result;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

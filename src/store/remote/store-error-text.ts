// Our words for a remote store's error answer: what the client may read (the part that helps fix the
// query: a compiler message, a position) and whether the query or the store is at fault. The store's own
// text names the product, its version, internal procedure names and paths; it goes to our log only.

/** The client's view of a store's error answer. */
export interface StoreErrorText {
  /** Short, safe to show: no product banner, version, procedure name or path. */
  message: string;
  /** True when the store refused or could not evaluate this query (400); false when the store failed (503). */
  queryError: boolean;
}

/** Virtuoso's error line: `Virtuoso 37000 Error SP031: SPARQL compiler, line 3: …`. */
const VIRTUOSO_ERROR = /^Virtuoso\s+([0-9A-Z]{5})\s+Error\s+([A-Z]{2}\d{3}):\s*([\s\S]*)$/;

/** Text that must not reach a client: product names, versions, internal procedure names, file paths, stacks. */
const UNSAFE = [
  /virtuoso|openlink|jena|fuseki|rdf4j|graphdb|blazegraph|stardog|allegrograph|exception|\bat [\w$.]+\(/i,
  /\b[A-Z][A-Z0-9_]*\.[A-Z][A-Z0-9_]*\.\S/, // qualified SQL names: DB.DBA.GROUP_CONCAT_ACC, WS.WS.…
  /\b\d+\.\d+\.\d+/, // versions (07.20.3229), addresses (127.0.0.1)
  /(?:^|[\s'"(=])\/[\w.-]+\/|[A-Za-z]:\\/, // file paths
];

const MAX_LENGTH = 200;

/** Word a store's non-2xx answer for a client. `status` is the store's HTTP status, `body` its answer. */
export function storeErrorText(status: number, body: string): StoreErrorText {
  // The store echoes the query after its message ("SPARQL query:" on Virtuoso): never part of ours.
  const text = body.split(/\r?\n\s*\r?\n|\r?\nSPARQL query:/)[0]!.trim();
  const virtuoso = VIRTUOSO_ERROR.exec(text);
  if (virtuoso) {
    const [, , code, rest] = virtuoso;
    // SP0xx: the SPARQL compiler refused the query; its message (and line) is what helps fix it.
    const compiler = /^SPARQL compiler(?:, (line \d+))?:\s*([\s\S]*)$/.exec(rest!.trim());
    if (compiler) {
      const [, line, message] = compiler;
      const said = clean(message!);
      return { message: refused(safe(said) ? `${line ? `${line}: ` : ''}${said}` : ''), queryError: true };
    }
    // Other SQL errors while running the query (type errors, division by zero, missing arguments …).
    const message = clean(rest!);
    return {
      message: safe(message) ? `The SPARQL store could not evaluate this query: ${message}` : couldNot(code!),
      queryError: true,
    };
  }
  if (status === 400) {
    const first = clean(text.split(/\r?\n/)[0] ?? '');
    return { message: safe(first) && first !== '' ? refused(first) : refused(''), queryError: true };
  }
  return { message: `The SPARQL store failed (HTTP ${status})`, queryError: false };
}

function refused(message: string): string {
  return message ? `The SPARQL store refused this query: ${message}` : 'The SPARQL store refused this query';
}

function couldNot(code: string): string {
  return `The SPARQL store could not evaluate this query (error ${code})`;
}

function clean(message: string): string {
  const oneLine = message.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_LENGTH ? `${oneLine.slice(0, MAX_LENGTH)} …` : oneLine;
}

function safe(message: string): boolean {
  return !UNSAFE.some((pattern) => pattern.test(message));
}

// Why a remote store did not answer: the one error of store/remote/, with the store's own text kept
// for our log only.

/**
 * `timeout`: our time limit or the store's (S1TAT) ran out; `truncated`: the store cut the result at its
 * own row cap; `query`: the store refused or could not evaluate the query; `http`: the store failed
 * (an error status that is not about the query, or an answer we cannot read); `unauthorized`: 401/403
 * after authenticating; `network`: no answer; `unsupported`: a request this backend cannot express;
 * `config`: bad options; `aborted`: the caller's signal.
 */
export type RemoteStoreErrorReason =
  'timeout' | 'truncated' | 'query' | 'http' | 'unauthorized' | 'network' | 'unsupported' | 'config' | 'aborted';

export class RemoteStoreError extends Error {
  readonly reason: RemoteStoreErrorReason;
  /** HTTP status of the store's answer, when there was one. */
  readonly status?: number;
  /**
   * The store's own error text, for our log only: `message` is our wording (store-error-text.ts), without
   * the product banner, version, procedure names or paths the store's text carries.
   */
  readonly storeText?: string;
  constructor(
    reason: RemoteStoreErrorReason,
    message: string,
    options: { status?: number; cause?: unknown; storeText?: string } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'RemoteStoreError';
    this.reason = reason;
    this.status = options.status;
    if (options.storeText !== undefined) this.storeText = options.storeText;
  }
}

/** An error's message, with its cause's, for messages that name what failed underneath. */
export function causeText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}

/** Text on one line, bounded, for a log line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 4000);
}

// Identical work in flight is done once: callers asking for a key whose evaluation is running join it
// and get its outcome. A caller may leave (its signal); the evaluation is aborted only when every
// caller has left. With a cache in front, a burst of identical requests on a cold cache costs one
// evaluation instead of one each (64 identical requests for a stored query used to give 20 × 503).

interface Flight<V> {
  promise: Promise<V>;
  controller: AbortController;
  callers: number;
}

export class SingleFlight<K, V> {
  private readonly flights = new Map<K, Flight<V>>();
  /** Evaluations started, and callers that joined one already running. */
  started = 0;
  joined = 0;

  /**
   * The outcome of `work` for `key`, started now or joined if running. `work` gets a signal that
   * aborts when every caller has left. A caller whose `signal` aborts is rejected with its reason.
   */
  run(key: K, work: (signal: AbortSignal) => Promise<V>, signal?: AbortSignal): Promise<V> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    let flight = this.flights.get(key);
    if (flight) this.joined++;
    else {
      this.started++;
      const controller = new AbortController();
      const started: Flight<V> = { controller, callers: 0, promise: Promise.resolve(undefined as V) };
      started.promise = work(controller.signal).finally(() => {
        if (this.flights.get(key) === started) this.flights.delete(key);
      });
      started.promise.catch(() => {}); // callers that left must not make it unhandled
      this.flights.set(key, started);
      flight = started;
    }
    const joined = flight;
    joined.callers++;
    if (!signal) return joined.promise;
    return new Promise<V>((resolve, reject) => {
      const leave = () => {
        joined.callers--;
        if (joined.callers === 0) {
          if (this.flights.get(key) === joined) this.flights.delete(key);
          joined.controller.abort(signal.reason);
        }
        reject(signal.reason as Error);
      };
      signal.addEventListener('abort', leave, { once: true });
      joined.promise.then(
        (value) => {
          signal.removeEventListener('abort', leave);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', leave);
          reject(error as Error);
        },
      );
    });
  }

  /** Evaluations running now. */
  get running(): number {
    return this.flights.size;
  }
}

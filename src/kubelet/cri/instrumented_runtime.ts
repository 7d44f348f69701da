/**
 * A CRI service that times every call (upstream's `instrumentedRuntimeService`): each method of
 * the wrapped service is passed through unchanged, and on settling reports its operation type —
 * upstream's snake_case names, `run_podsandbox`, `create_container`, `image_status`, … — its
 * duration in milliseconds and whether it failed.
 */

/** Receives one finished CRI call. */
export type CriCallObserver = (operationType: string, ms: number, failed: boolean) => void;

/** Upstream's operation type of a CRI method: `runPodSandbox` → `run_podsandbox`. */
export function operationType(method: string): string {
  return method.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replace(/pod_sandbox/g, 'podsandbox');
}

/** `service` with every promise-returning method timed into `observe` (see the file comment). */
export function instrumentCri<T extends object>(service: T, observe: CriCallObserver, now = Date.now): T {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(service, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string' || prop === 'constructor') return value;
      let fn = wrapped.get(prop);
      if (!fn) {
        const op = operationType(prop);
        const method = value as (...args: unknown[]) => unknown;
        fn = function (this: unknown, ...args: unknown[]) {
          const t0 = now();
          const res = method.apply(target, args);
          if (!(res instanceof Promise)) return res;
          return res.then(
            (v: unknown) => {
              observe(op, now() - t0, false);
              return v;
            },
            (err: unknown) => {
              observe(op, now() - t0, true);
              throw err;
            },
          );
        };
        wrapped.set(prop, fn);
      }
      return fn;
    },
  });
}

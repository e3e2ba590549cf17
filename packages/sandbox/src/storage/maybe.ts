// A value now or later. The memory engine answers in the same turn; the SQL engines answer with a
// promise (SQLite's once the group commit holding the unit is done). Code that calls an engine
// goes on synchronously when the answer is already there, so the memory engine costs no promise per step.
export type MaybePromise<T> = T | Promise<T>;

/**
 * Continues with `next` now if `value` is not a promise, else when it settles. (Not named `then`:
 * a module exporting `then` is a thenable, and awaiting its namespace — import() — would call it.)
 */
export function andThen<T, R>(value: MaybePromise<T>, next: (value: T) => MaybePromise<R>): MaybePromise<R> {
  return value instanceof Promise ? value.then(next) : next(value);
}

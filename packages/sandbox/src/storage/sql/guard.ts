// Every call of a SQL engine goes through here: driver errors that mean "no database" become
// StorageUnavailableError (503 + Retry-After above), a closed engine refuses, and no call outlives
// the engine's deadline (a half-open connection must not hang a request).
import { StorageUnavailableError } from "../types/index.ts";

export interface GuardOptions {
  engine: string;
  /** The StorageUnavailableError a driver error stands for, or undefined for any other error. */
  unavailable(error: unknown): StorageUnavailableError | undefined;
  /** Bounds every asynchronous call (PostgreSQL: the statement timeout plus a margin). */
  deadlineMs?: number;
  closed(): boolean;
}

export interface Guards {
  /** An asynchronous call (a driver with a network in between). */
  async<T>(work: () => Promise<T>): Promise<T>;
  /** A synchronous call (node:sqlite): errors mapped, nothing to time out. */
  sync<T>(work: () => T): T;
}

export function guards(options: GuardOptions): Guards {
  const map = (error: unknown): unknown => (error instanceof StorageUnavailableError ? error : (options.unavailable(error) ?? error));
  const refuseIfClosed = (): void => {
    if (options.closed()) throw new StorageUnavailableError(`${options.engine} storage is closed`);
  };
  return {
    async async<T>(work: () => Promise<T>): Promise<T> {
      refuseIfClosed();
      let timer: NodeJS.Timeout | undefined;
      try {
        const running = work();
        if (options.deadlineMs === undefined) return await running;
        const deadline = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new StorageUnavailableError(`${options.engine} did not answer within ${options.deadlineMs} ms`)),
            options.deadlineMs,
          );
        });
        running.catch(() => {}); // its rejection is reported by the race, or was outrun by the deadline
        return await Promise.race([running, deadline]);
      } catch (error) {
        throw map(error);
      } finally {
        if (timer) clearTimeout(timer);
      }
    },
    sync<T>(work: () => T): T {
      refuseIfClosed();
      try {
        return work();
      } catch (error) {
        throw map(error);
      }
    },
  };
}

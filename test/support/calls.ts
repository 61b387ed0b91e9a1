import { vi } from 'vitest';

/**
 * What `work` returns, and the first argument of every call it made to `object[method]` (the
 * method spied on for `work` alone, then restored).
 */
export async function firstArgumentsOf<T, O extends object>(object: O, method: keyof O & string, work: () => Promise<T>): Promise<{ result: T; args: unknown[] }> {
  const spy = vi.spyOn(object, method as never);
  try {
    const result = await work();
    // Read before restoring: restoring forgets the calls.
    return { result, args: spy.mock.calls.map((call) => (call as unknown[])[0]) };
  } finally {
    spy.mockRestore();
  }
}

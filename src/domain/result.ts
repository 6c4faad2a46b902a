/** An error a user can cause: a locale key and its variables, rendered at the edge in the reader's language. */
export interface UserError {
  key: string;
  vars?: Record<string, string | number>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: UserError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (key: string, vars?: Record<string, string | number>): { ok: false; error: UserError } => ({
  ok: false,
  error: vars ? { key, vars } : { key },
});

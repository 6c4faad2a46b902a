/** How the fake fails a request: a Telegram error answer (`error_code`, `description`, optional `parameters`). */
import type { ApiFailure } from './types.ts';

export class TelegramError extends Error {
  constructor(
    readonly error_code: number,
    readonly description: string,
    readonly parameters?: ApiFailure['parameters'],
  ) {
    super(description);
  }
}
export const badRequest = (d: string) => new TelegramError(400, `Bad Request: ${d}`);

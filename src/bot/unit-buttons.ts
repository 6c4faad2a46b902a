import type { InlineKeyboard } from 'grammy';
import type { BotContext } from './context.ts';
import { t } from './reply.ts';

const UNITS_PER_PAGE = 18;

/**
 * One page of unit buttons, three to a row, with previous/next buttons: a county has 25–45 units, more than
 * one screen. `data(action, arg)` makes the callback data; a unit's button is `pick`, a page `p`.
 */
export function addUnitPage(
  ctx: BotContext,
  keyboard: InlineKeyboard,
  units: readonly { id: number; name: string; shortName: string | null }[],
  page: number,
  data: (action: string, arg: number) => string,
  pick: string,
  picked: (unitId: number) => boolean = () => false,
): void {
  const pages = Math.max(1, Math.ceil(units.length / UNITS_PER_PAGE));
  const shown = Math.min(Math.max(0, page), pages - 1);
  for (const [i, u] of units.slice(shown * UNITS_PER_PAGE, (shown + 1) * UNITS_PER_PAGE).entries()) {
    keyboard.text(`${picked(u.id) ? '✅ ' : ''}${u.shortName ?? u.name}`, data(pick, u.id));
    if (i % 3 === 2) keyboard.row();
  }
  keyboard.row();
  if (shown > 0) keyboard.text(t(ctx, 'tasks-previous'), data('p', shown - 1));
  if (shown < pages - 1) keyboard.text(t(ctx, 'tasks-next'), data('p', shown + 1));
}

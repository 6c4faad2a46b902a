import { localDate, zonedInstant } from '../domain/calendar.ts';
import { outboxKeys, robotKeys, type DigestOccasion } from '../delivery/keys.ts';
import type { OwedMessage } from '../delivery/outbox.ts';
import { htmlMessages } from '../render/messages.ts';
import { renderDigest } from '../render/digest.ts';
import { problemBulletinLines } from '../render/problems.ts';
import type { BroadcastDeps } from './context.ts';
import { robotMessages } from './robots.ts';

const DAY_MS = 24 * 3600 * 1000;

/**
 * The daily digest to the leadership groups and the leadership's robots: the text, then the two ranking charts
 * (to a robot as an image where its platform takes one, else as a table). /digest sends the same.
 */
export class DigestBroadcast {
  constructor(private readonly deps: BroadcastDeps) {}

  /** The scheduled digest of a slot, to every leadership chat. */
  async run(slot: string): Promise<number> {
    return this.owe({ slot }, await this.deps.chats.leadershipChats(), true);
  }

  /** The digest now, asked for by an update: to the leadership chats, or as a preview to the asker's chat. Returns the chats. */
  async send(occasion: Extract<DigestOccasion, { updateId: number }>, askerChatId: bigint): Promise<number> {
    const chats = occasion.preview ? [askerChatId] : await this.deps.chats.leadershipChats();
    await this.owe(occasion, chats, !occasion.preview);
    return chats.length;
  }

  /** When a digest last went to the leadership chats (before `before`, when given; a preview does not count), or null. */
  async lastSentAt(before?: Date): Promise<Date | null> {
    return this.deps.outbox.lastOwedAt('digest', await this.deps.chats.leadershipChats(), 'digest:preview:', before);
  }

  /**
   * Where the digest's closures (销号) begin: at the last digest of an earlier day, so that Monday's names what
   * was closed since Friday's and a second /digest today repeats the first; a day back without one.
   */
  private async closedSince(now: Date): Promise<Date> {
    const startOfToday = zonedInstant(localDate(now, this.deps.config.timeZone), '00:00', this.deps.config.timeZone);
    return (await this.lastSentAt(startOfToday)) ?? new Date(now.getTime() - DAY_MS);
  }

  /** The digest as messages for the given chats. */
  async messages(occasion: DigestOccasion, chatIds: readonly bigint[], toRobots = false): Promise<OwedMessage[]> {
    const { deps } = this;
    const now = deps.now();
    const digest = await deps.digests.compute(now, await this.closedSince(now));
    // Problems not yet rectified are listed by name: the rankings only show what they cost.
    const text = renderDigest(deps.t, digest, deps.config.rules.scoring, problemBulletinLines(deps.t, await deps.problems.open(), digest.today));
    const charts: { name: string; photo: Buffer; caption: string; table: string[][] }[] = [];
    // The charts draw the ranked units only, as the text ranks them: the units not yet ranked are named in the text.
    for (const [name, units] of [['townships', digest.townships.ranked], ['departments', digest.departments.ranked]] as const) {
      if (units.length === 0) continue;
      const title = deps.t(`digest-chart-${name}`, { date: digest.today });
      const photo = await deps.renderChart({
        title,
        subtitle: deps.t('digest-chart-subtitle', { date: digest.today, min: deps.config.rules.scoring.minDueParts }),
        bars: units.map((u) => ({ label: u.unitName, value: u.score, color: u.score >= 80 ? 'green' : u.score >= 60 ? 'yellow' : 'red' })),
        valueSuffix: deps.t('digest-points'),
      });
      const points = deps.t('digest-points');
      charts.push({ name, photo, caption: title, table: units.map((u) => [`${u.rank}.`, u.unitName, `${u.score} ${points}`]) });
    }
    const robots = toRobots ? await deps.robots.leadership() : [];
    const forRobots = [
      ...(await robotMessages(deps, robots, (robotId) => robotKeys.digestText(occasion, robotId), 'digest', { html: text })),
      ...(
        await Promise.all(
          charts.map((chart) =>
            robotMessages(deps, robots, (robotId) => robotKeys.digestChart(occasion, robotId, chart.name), 'digest', {
              doc: { title: chart.caption, blocks: [], image: { png: chart.photo, caption: chart.caption, table: chart.table } },
            }),
          ),
        )
      ).flat(),
    ];
    // In a chat: the text, then the charts as one album (one chart alone as a photo).
    const chartsFor = (chatId: bigint): OwedMessage[] => {
      if (charts.length === 0) return [];
      if (charts.length === 1) {
        const [chart] = charts as [(typeof charts)[number]];
        return [{ key: outboxKeys.digestChart(occasion, chatId, chart.name), chatId, kind: 'digest', method: 'sendPhoto', params: { caption: chart.caption, parse_mode: 'HTML' }, photo: chart.photo }];
      }
      return [{
        key: outboxKeys.digestChart(occasion, chatId, 'album'),
        chatId,
        kind: 'digest',
        method: 'sendMediaGroup',
        params: {},
        album: charts.map((chart) => ({ png: chart.photo, caption: chart.caption })),
      }];
    };
    return forRobots.concat(chatIds.flatMap((chatId) => [...htmlMessages(outboxKeys.digestText(occasion, chatId), chatId, 'digest', text), ...chartsFor(chatId)]));
  }

  private async owe(occasion: DigestOccasion, chatIds: readonly bigint[], toRobots: boolean): Promise<number> {
    const messages = await this.messages(occasion, chatIds, toRobots);
    if (messages.length === 0) return 0;
    const added = await this.deps.outbox.enqueue(messages);
    this.deps.nudge();
    return added;
  }
}

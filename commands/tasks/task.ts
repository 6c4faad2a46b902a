import { z } from 'zod';
import { defineCommand } from '../../src/bot/registry.ts';
import { answer, answerError, translator } from '../../src/bot/reply.ts';
import { renderTaskDetail } from '../../src/render/task-detail.ts';
import { EVERYONE } from '../shared/places.ts';
import { taskCodeArg } from '../shared/task-args.ts';

export default defineCommand({
  name: 'task',
  roles: EVERYONE,
  places: ['unit', 'admin', 'leadership', 'private'],
  args: z.tuple([taskCodeArg], { error: 'args-task-code' }),
  async handler(ctx, [taskId], services) {
    const detail = await services.access.task(ctx, taskId);
    if (!detail.ok) return answerError(ctx, detail.error);
    return answer(ctx, renderTaskDetail(translator(ctx), detail.value, services.tasks.queries.today(), services.config.timeZone));
  },
});

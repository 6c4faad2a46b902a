import { z } from 'zod';
import { defineCommand } from '../../src/bot/registry.ts';
import { answer, t, translator } from '../../src/bot/reply.ts';
import { taskCode } from '../../src/domain/tasks.ts';
import { renderTaskDetail } from '../../src/render/task-detail.ts';
import { EVERYONE } from '../shared/places.ts';
import { taskCodeArg } from '../shared/task-args.ts';

export default defineCommand({
  name: 'task',
  roles: EVERYONE,
  places: ['unit', 'admin', 'leadership', 'private'],
  args: z.tuple([taskCodeArg], { error: 'args-task-code' }),
  async handler(ctx, [taskId], services) {
    const detail = await services.tasks.queries.detail(taskId);
    if (!detail) return answer(ctx, t(ctx, 'task-unknown', { code: taskCode(taskId) }));
    return answer(ctx, renderTaskDetail(translator(ctx), detail, services.tasks.queries.today(), services.config.timeZone));
  },
});

import { addDays } from '../domain/calendar.ts';
import { readTaskSheet } from '../sheets/task-import.ts';
import { taskSheetTemplate } from '../sheets/template.ts';
import type { OrgService } from './org.ts';
import type { TaskQueries } from './task-queries.ts';

/** The key-task list (重点工作清单) as a file: the template to fill in, and reading a filled one. */
export class TaskSheets {
  constructor(
    private readonly org: OrgService,
    private readonly queries: TaskQueries,
  ) {}

  /** The template, its example deadline a month ahead. */
  template(): Promise<Buffer> {
    return taskSheetTemplate(addDays(this.queries.today(), 30));
  }

  /** Every row checked against the organisation as it is now; nothing is written. */
  async read(bytes: Buffer, fileName: string): ReturnType<typeof readTaskSheet> {
    return readTaskSheet(bytes, fileName, await this.org.resolver(), this.queries.today());
  }
}

/**
 * A sample county's Monday digest (2026-12-07, compared with Friday's), rendered for the message catalog: the
 * digest as a whole, as a leader reads it on a phone, not key by key.
 */
import { addDays } from '../domain/calendar.ts';
import { DEFAULT_RULES } from '../domain/rules.ts';
import { buildDigest, partKey, type DigestTask, type PartProgress } from '../domain/digest.ts';
import type { TaskStatus } from '../domain/tasks.ts';
import { renderDigest } from './digest.ts';
import type { Translate } from './html.ts';

type Part = { unitId: number; dueDate?: string; finishedOn: string | null; quota?: number | null; done?: number; ratio?: number | null };
const U = { cg: 1, wz: 2, dt: 3, dc: 4, ll: 5, hd: 6, sthj: 11, zj: 12, zf: 13, fg: 14, ny: 15 };
const units = [
  { id: U.cg, name: '城关镇', kind: 'township' }, { id: U.wz, name: '王庄镇', kind: 'township' }, { id: U.dt, name: '大屯镇', kind: 'township' },
  { id: U.dc, name: '东城街道', kind: 'township' }, { id: U.ll, name: '柳林镇', kind: 'township' }, { id: U.hd, name: '河东乡', kind: 'township' },
  { id: U.sthj, name: '生态环境局', kind: 'department' }, { id: U.zj, name: '住建局', kind: 'department' }, { id: U.zf, name: '综合执法局', kind: 'department' },
  { id: U.fg, name: '发改局', kind: 'department' }, { id: U.ny, name: '农业农村局', kind: 'department' },
];
const progress = new Map<string, PartProgress>();
const task = (id: number, title: string, committee: string, dueDate: string, parts: Part[], o: { status?: TaskStatus; measure?: string | null; finishedOn?: string | null } = {}): DigestTask => {
  for (const p of parts) if (p.done !== undefined) progress.set(partKey(id, p.unitId), { done: p.done, ratio: p.ratio ?? null });
  return {
    id, title, committee, dueDate, status: o.status ?? 'in_progress', finishedOn: o.finishedOn ?? null, measure: o.measure ?? null,
    parts: parts.map((p) => ({ unitId: p.unitId, dueDate: p.dueDate ?? dueDate, finishedOn: p.finishedOn, quota: p.quota ?? null })),
  };
};
const today = '2026-12-07';
const tasks = [
  task(1, '村庄生活污水治理验收', '水', '2026-11-30', [
    { unitId: U.cg, finishedOn: null, quota: 5, done: 3, ratio: 0.6 },
    { unitId: U.wz, finishedOn: '2026-11-28', quota: 4, done: 4, ratio: 1 },
    { unitId: U.dt, finishedOn: null, quota: 6, done: 2, ratio: 2 / 6 },
    { unitId: U.ll, finishedOn: '2026-11-30', quota: 3, done: 3, ratio: 1 },
    { unitId: U.hd, finishedOn: '2026-12-02', quota: 4, done: 4, ratio: 1 },
  ], { measure: '村' }),
  task(2, '散煤清零排查', '大气', '2026-12-04', [{ unitId: U.wz, finishedOn: null, ratio: 0.4, done: 40 }]),
  task(3, '秸秆禁烧网格化巡查', '秸秆禁烧', '2026-12-01', [
    { unitId: U.cg, finishedOn: '2026-12-01' }, { unitId: U.dt, finishedOn: null, ratio: 0.7, done: 70 }, { unitId: U.dc, finishedOn: '2026-11-30' }, { unitId: U.ll, finishedOn: '2026-12-01' }, { unitId: U.wz, finishedOn: '2026-12-01' },
  ]),
  task(4, '建筑工地扬尘“六个百分百”检查', '扬尘', '2026-12-03', [{ unitId: U.zj, finishedOn: '2026-12-03' }], { status: 'done', finishedOn: '2026-12-03' }),
  task(5, '道路扬尘全天候保洁', '扬尘', '2026-11-25', [{ unitId: U.zf, finishedOn: '2026-11-24' }], { status: 'closed', finishedOn: '2026-11-24' }),
  task(6, '锅炉窑炉整治台账', '大气', '2026-12-20', [{ unitId: U.sthj, finishedOn: null, ratio: 0.3, done: 30 }]),
  task(7, '畜禽养殖场清洁能源替代', '能源', '2026-12-15', [
    { unitId: U.cg, finishedOn: null, quota: 20, done: 12, ratio: 0.6 }, { unitId: U.wz, finishedOn: '2026-12-04', quota: 15, done: 15, ratio: 1 },
    { unitId: U.dt, finishedOn: null, quota: 18, done: 6, ratio: 1 / 3 }, { unitId: U.dc, finishedOn: null, quota: 10, done: 0, ratio: 0 },
    { unitId: U.ll, finishedOn: null, quota: 12, done: 9, ratio: 0.75 }, { unitId: U.hd, finishedOn: null, quota: 16, done: 10, ratio: 10 / 16 },
  ], { measure: '户' }),
  task(8, '城区雨污分流管网改造', '城市管理', '2026-11-20', [{ unitId: U.zf, finishedOn: null, ratio: 0.6, done: 60 }]),
  task(9, '加油站油气回收检查', '大气', '2026-11-27', [{ unitId: U.sthj, finishedOn: '2026-11-26' }, { unitId: U.fg, finishedOn: '2026-11-27' }], { status: 'closed', finishedOn: '2026-11-26' }),
  task(10, '农药包装废弃物回收', '农业农村', '2026-11-30', [{ unitId: U.ny, finishedOn: '2026-12-01' }], { status: 'done', finishedOn: '2026-12-01' }),
  task(11, '散煤替代气源保障', '大气', '2026-12-02', [{ unitId: U.fg, finishedOn: '2026-12-02' }, { unitId: U.sthj, finishedOn: '2026-12-01' }], { status: 'closed', finishedOn: '2026-12-02' }),
  task(12, '工业企业错峰生产核查', '大气', '2026-12-03', [{ unitId: U.sthj, finishedOn: null, ratio: 0.8, done: 80 }, { unitId: U.fg, finishedOn: '2026-12-03' }]),
  task(13, '建筑垃圾消纳场整治', '扬尘', '2026-11-28', [{ unitId: U.zj, finishedOn: '2026-11-27' }, { unitId: U.zf, finishedOn: '2026-11-30' }], { status: 'closed', finishedOn: '2026-11-30' }),
  task(14, '渣土车辆密闭运输检查', '扬尘', '2026-12-05', [{ unitId: U.zj, finishedOn: '2026-12-04' }, { unitId: U.zf, finishedOn: null, ratio: 0.5, done: 50 }]),
  task(15, '秸秆综合利用台账', '农业农村', '2026-12-04', [{ unitId: U.ny, finishedOn: '2026-12-04' }, { unitId: U.hd, finishedOn: '2026-12-04' }, { unitId: U.cg, finishedOn: '2026-12-03' }]),
  task(16, '河道垃圾清理', '水', '2026-12-10', [{ unitId: U.dc, finishedOn: null, ratio: null, done: 0 }, { unitId: U.ll, finishedOn: null, ratio: 0.5, done: 50 }]),
];
const closedSince = [{ id: 11, title: '散煤替代气源保障' }];
/** Friday's figures, as the snapshot kept them. */
const previous = { date: '2026-12-04', tasks: 16, finished: 5, red: 4, yellow: 3, onTimeDue: 24, onTime: 16, overdueByUnit: { [U.zf]: 1, [U.dt]: 2, [U.cg]: 1 } };

/** The sample Monday digest, as the leadership group gets it. */
export function sampleDigest(t: Translate): string {
  const digest = buildDigest({ today, units, tasks, openProblems: [{ unitId: U.dt, foundBy: 'city' }], closedSince, closedSinceDate: addDays(today, -1), previous, progress }, DEFAULT_RULES);
  return renderDigest(t, digest, DEFAULT_RULES.scoring);
}

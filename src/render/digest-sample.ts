/**
 * A sample county's Monday digest (2026-12-07, compared with Friday's), rendered for the message catalog: the
 * digest as a whole, as a leader reads it on a phone, not key by key. The figures are what the digest worked out
 * for a sample county of 16 tasks across 11 units; they are kept as figures, since a digest's sums come from SQL.
 */
import { DEFAULT_RULES } from '../domain/rules.ts';
import type { Digest } from '../domain/digest.ts';
import { renderDigest } from './digest.ts';
import type { Translate } from './html.ts';

const SAMPLE: Digest = {
  today: '2026-12-07',
  previousDate: '2026-12-04',
  totals: { tasks: 16, finished: 6, open: 10, red: 6, yellow: 1, completionRate: 0.375, onTimeRate: 0.6428571428571429, onTimeDue: 28, onTime: 18 },
  changes: { completionPoints: 7, onTimePoints: -3, red: 2, yellow: -2 },
  departments: {
    ranked: [
      { unitId: 14, unitName: '发改局', score: 100, due: 3, onTime: 3, late: 0, overdue: 0, overdueDays: 0, openProblems: 0, rank: 1 },
      { unitId: 12, unitName: '住建局', score: 100, due: 3, onTime: 3, late: 0, overdue: 0, overdueDays: 0, openProblems: 0, rank: 1 },
      { unitId: 11, unitName: '生态环境局', score: 87, due: 3, onTime: 2, late: 0, overdue: 1, overdueDays: 4, openProblems: 0, rank: 3 },
      { unitId: 13, unitName: '综合执法局', score: 65, due: 4, onTime: 1, late: 1, overdue: 2, overdueDays: 19, openProblems: 0, rank: 4 },
    ],
    notRanked: [
      { unitId: 15, unitName: '农业农村局', score: 95, due: 2, onTime: 1, late: 1, overdue: 0, overdueDays: 0, openProblems: 0 },
    ],
  },
  townships: {
    ranked: [
      { unitId: 2, unitName: '王庄镇', score: 90, due: 3, onTime: 2, late: 0, overdue: 1, overdueDays: 3, openProblems: 0, rank: 1 },
      { unitId: 1, unitName: '城关镇', score: 77, due: 3, onTime: 2, late: 0, overdue: 1, overdueDays: 7, openProblems: 0, rank: 2 },
    ],
    notRanked: [
      { unitId: 3, unitName: '大屯镇', score: 30, due: 2, onTime: 0, late: 0, overdue: 2, overdueDays: 13, openProblems: 1 },
      { unitId: 4, unitName: '东城街道', score: 100, due: 1, onTime: 1, late: 0, overdue: 0, overdueDays: 0, openProblems: 0 },
      { unitId: 6, unitName: '河东乡', score: 90, due: 2, onTime: 1, late: 1, overdue: 0, overdueDays: 0, openProblems: 0 },
      { unitId: 5, unitName: '柳林镇', score: 100, due: 2, onTime: 2, late: 0, overdue: 0, overdueDays: 0, openProblems: 0 },
    ],
  },
  committees: [
    { name: '大气', tasks: 5, finished: 2, red: 2, yellow: 0 },
    { name: '城市管理', tasks: 1, finished: 0, red: 1, yellow: 0 },
    { name: '秸秆禁烧', tasks: 1, finished: 0, red: 1, yellow: 0 },
    { name: '水', tasks: 2, finished: 0, red: 1, yellow: 1 },
    { name: '扬尘', tasks: 4, finished: 3, red: 1, yellow: 0 },
    { name: '能源', tasks: 1, finished: 0, red: 0, yellow: 0 },
    { name: '农业农村', tasks: 2, finished: 1, red: 0, yellow: 0 },
  ],
  newlyOverdue: [
    { code: 'T2', title: '散煤清零排查', units: ['王庄镇'] },
    { code: 'T14', title: '渣土车辆密闭运输检查', units: ['综合执法局'] },
  ],
  newlyClosed: [
    { code: 'T11', title: '散煤替代气源保障' },
  ],
  newlyClosedSince: '2026-12-06',
  laggards: [
    { unitId: 13, unitName: '综合执法局', overdue: 2, overdueDays: 19, change: 1, parts: [{ code: 'T8', title: '城区雨污分流管网改造', measure: null, daysOverdue: 17, quota: null, progress: { done: 60, ratio: 0.6 } }, { code: 'T14', title: '渣土车辆密闭运输检查', measure: null, daysOverdue: 2, quota: null, progress: { done: 50, ratio: 0.5 } }] },
    { unitId: 3, unitName: '大屯镇', overdue: 2, overdueDays: 13, change: 0, parts: [{ code: 'T1', title: '村庄生活污水治理验收', measure: '村', daysOverdue: 7, quota: 6, progress: { done: 2, ratio: 0.3333333333333333 } }, { code: 'T3', title: '秸秆禁烧网格化巡查', measure: null, daysOverdue: 6, quota: null, progress: { done: 70, ratio: 0.7 } }] },
    { unitId: 1, unitName: '城关镇', overdue: 1, overdueDays: 7, change: 0, parts: [{ code: 'T1', title: '村庄生活污水治理验收', measure: '村', daysOverdue: 7, quota: 5, progress: { done: 3, ratio: 0.6 } }] },
    { unitId: 11, unitName: '生态环境局', overdue: 1, overdueDays: 4, change: 1, parts: [{ code: 'T12', title: '工业企业错峰生产核查', measure: null, daysOverdue: 4, quota: null, progress: { done: 80, ratio: 0.8 } }] },
    { unitId: 2, unitName: '王庄镇', overdue: 1, overdueDays: 3, change: 1, parts: [{ code: 'T2', title: '散煤清零排查', measure: null, daysOverdue: 3, quota: null, progress: { done: 40, ratio: 0.4 } }] },
  ],
  headlineTasks: [
    { code: 'T7', title: '畜禽养殖场清洁能源替代', measure: '户', done: 52, quota: 91, units: [{ unitName: '东城街道', done: 0, quota: 10, finished: false, overdue: false }, { unitName: '大屯镇', done: 6, quota: 18, finished: false, overdue: false }, { unitName: '城关镇', done: 12, quota: 20, finished: false, overdue: false }, { unitName: '河东乡', done: 10, quota: 16, finished: false, overdue: false }, { unitName: '柳林镇', done: 9, quota: 12, finished: false, overdue: false }, { unitName: '王庄镇', done: 15, quota: 15, finished: true, overdue: false }] },
    { code: 'T1', title: '村庄生活污水治理验收', measure: '村', done: 16, quota: 22, units: [{ unitName: '大屯镇', done: 2, quota: 6, finished: false, overdue: true }, { unitName: '城关镇', done: 3, quota: 5, finished: false, overdue: true }, { unitName: '河东乡', done: 4, quota: 4, finished: true, overdue: false }, { unitName: '柳林镇', done: 3, quota: 3, finished: true, overdue: false }, { unitName: '王庄镇', done: 4, quota: 4, finished: true, overdue: false }] },
  ],
  snapshot: { date: '2026-12-07', tasks: 16, finished: 6, red: 6, yellow: 1, onTimeDue: 28, onTime: 18, overdueByUnit: { '1': 1, '2': 1, '3': 2, '11': 1, '13': 2 } },
};

/** The sample Monday digest, as the leadership group gets it. */
export function sampleDigest(t: Translate): string {
  return renderDigest(t, SAMPLE, DEFAULT_RULES.scoring);
}

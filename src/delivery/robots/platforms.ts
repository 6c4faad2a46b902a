import type { RobotKind } from '../../domain/robots.ts';
import { dingtalkSign, feishuSign } from './signing.ts';

/**
 * What each platform allows a robot, and what its answers mean. Sources, as found (2026):
 * - WeCom, 群机器人配置说明 (developer.work.weixin.qq.com/document/path/91770): "每个机器人发送的消息不能超过20条/分钟";
 *   errcode 0 is success; the global codes: -1 系统繁忙 (retry), 45009 over the call frequency.
 * - DingTalk, 自定义机器人接入 (open.dingtalk.com/document/robots/custom-robot-access): "每个机器人每分钟最多发送20条。
 *   如果超过20条，会限流10分钟"; 加签 failures answer errcode 310000. The codes for a robot throttled (130101,
 *   410100) and for a token that is gone (300001, 400101, 400102 stopped) are the ones reported by users of it; the
 *   pages found do not list them, so any other non-zero errcode is taken as permanent too.
 * - Feishu, 自定义机器人使用指南 (open.feishu.cn): "单租户单机器人 100 次/分钟，5 次/秒"; avoid the hour and half
 *   hour (11232 under load); body at most 20 KB; 9499 Bad Request, 19021 sign failed, 19022 IP not allowed,
 *   19024 keywords not found.
 */
export interface RobotLimits {
  perMinute: number;
  perSecond?: number;
  /** how long the platform refuses a robot that went over its limit */
  penaltyMs: number;
}

export const ROBOT_LIMITS: Record<RobotKind, RobotLimits> = {
  wecom: { perMinute: 20, penaltyMs: 60_000 },
  dingtalk: { perMinute: 20, penaltyMs: 10 * 60_000 },
  feishu: { perMinute: 100, perSecond: 5, penaltyMs: 60_000 },
};

/** The request for one message: the URL (DingTalk signs on it) and the JSON body (Feishu signs in it). */
export function robotRequest(kind: RobotKind, url: string, body: Record<string, unknown>, secret: string | undefined, nowMs: number): { url: string; body: Record<string, unknown> } {
  if (!secret) return { url, body };
  if (kind === 'dingtalk') {
    const signed = new URL(url);
    signed.searchParams.set('timestamp', String(nowMs));
    signed.searchParams.set('sign', dingtalkSign(secret, nowMs));
    return { url: signed.toString(), body };
  }
  if (kind === 'feishu') {
    const timestamp = Math.floor(nowMs / 1000);
    return { url, body: { timestamp: String(timestamp), sign: feishuSign(secret, timestamp), ...body } };
  }
  return { url, body };
}

export type RobotOutcome =
  | { kind: 'sent' }
  /** 5xx, a dropped connection, a busy platform: tried again later */
  | { kind: 'retry'; reason: string }
  /** over the robot's limit: nothing to it until `afterMs` has passed */
  | { kind: 'throttled'; afterMs: number; reason: string }
  /** a bad key, a bad signature, a robot removed, a body refused: trying again changes nothing */
  | { kind: 'permanent'; reason: string };

const codes: Record<RobotKind, { throttled: number[]; retry: number[] }> = {
  wecom: { throttled: [45009], retry: [-1] },
  dingtalk: { throttled: [130101, 410100], retry: [-1] },
  feishu: { throttled: [11232], retry: [] },
};

/** What an HTTP answer of a platform means for the row. */
export function robotOutcome(kind: RobotKind, status: number, text: string): RobotOutcome {
  if (status >= 500) return { kind: 'retry', reason: `HTTP ${status}` };
  if (status === 429) return { kind: 'throttled', afterMs: ROBOT_LIMITS[kind].penaltyMs, reason: 'HTTP 429' };
  let answer: { errcode?: unknown; errmsg?: unknown; code?: unknown; msg?: unknown; StatusCode?: unknown } = {};
  try {
    answer = JSON.parse(text) as typeof answer;
  } catch {
    return status >= 400 ? { kind: 'permanent', reason: `HTTP ${status}` } : { kind: 'retry', reason: `HTTP ${status}: not JSON` };
  }
  const code = Number(answer.errcode ?? answer.code ?? answer.StatusCode ?? (status === 200 ? 0 : status));
  const reason = `${code}: ${String(answer.errmsg ?? answer.msg ?? '').slice(0, 200)}`;
  if (status === 200 && code === 0) return { kind: 'sent' };
  if (codes[kind].throttled.includes(code)) return { kind: 'throttled', afterMs: ROBOT_LIMITS[kind].penaltyMs, reason };
  if (codes[kind].retry.includes(code)) return { kind: 'retry', reason };
  return { kind: 'permanent', reason: status === 200 ? reason : `HTTP ${status} ${reason}` };
}

/** Feishu asks for no sends at the hour and half hour: the first seconds after them wait. */
export function busyMinuteWait(kind: RobotKind, wallMs: number, holdMs: number): number {
  if (kind !== 'feishu' || holdMs <= 0) return 0;
  const intoHalfHour = wallMs % (30 * 60_000);
  return intoHalfHour < holdMs ? holdMs - intoHalfHour : 0;
}

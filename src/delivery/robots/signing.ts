import { createHmac } from 'node:crypto';

/**
 * DingTalk's 加签 (custom-robot security settings): sign = base64(HmacSHA256(key = secret,
 * message = timestamp + "\n" + secret)), the timestamp in milliseconds; both go on the URL (`&timestamp=&sign=`,
 * the sign URL-encoded), and DingTalk refuses a timestamp more than an hour off.
 */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

/**
 * Feishu's 签名校验 (自定义机器人使用指南): HmacSHA256 keyed with timestamp + "\n" + secret over an EMPTY message,
 * base64; the timestamp in seconds; both go in the JSON body (`timestamp`, `sign`).
 */
export function feishuSign(secret: string, timestampS: number): string {
  return createHmac('sha256', `${timestampS}\n${secret}`).update('', 'utf8').digest('base64');
}

/** Reading loosely typed request values (numbers may arrive as strings, objects as JSON) and keying chats. */

export function chatKey(id: unknown): string {
  if (typeof id === 'number') return String(id);
  if (typeof id === 'string') return /^-?\d+$/.test(id) ? String(Number(id)) : id.toLowerCase();
  return String(id);
}

export function unixNow(): number {
  return Math.floor(Date.now() / 1000);
}

export function asString(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : String(v);
}

export function asInt(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v.trim());
  return undefined;
}

export function asObject(v: unknown): Record<string, unknown> | undefined {
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      return undefined;
    }
  }
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

export function randomToken(len: number): string {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let s = '';
  for (let i = 0; i < len; i++) s += abc[Math.floor(Math.random() * abc.length)];
  return s;
}

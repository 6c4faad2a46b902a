/** multipart/form-data parsing for uploads (grammY's encoder is not accepted by Node 20's Request.formData()). */
import { badRequest } from './errors.ts';

const MAX_MULTIPART_PARTS = 1000;

interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

export function parseHeaderParams(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /;\s*([^=;\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(value)) !== null) {
    const key = m[1]!.toLowerCase();
    let v = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '').trim();
    if (key.endsWith('*')) {
      const ext = /^[^']*'[^']*'(.*)$/.exec(v);
      try {
        v = decodeURIComponent(ext ? ext[1]! : v);
      } catch {
        /* keep raw */
      }
      out[key.slice(0, -1)] = v;
    } else if (out[key] === undefined) out[key] = v;
  }
  return out;
}

export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw badRequest('invalid multipart/form-data body');
  while (parts.length < MAX_MULTIPART_PARTS) {
    pos += delimiter.length;
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break; // closing "--"
    while (body[pos] === 0x20 || body[pos] === 0x09) pos++;
    if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
    else if (body[pos] === 0x0a) pos += 1;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) throw badRequest('invalid multipart/form-data body');
    const headers = body.subarray(pos, headerEnd).toString('utf8');
    const dataStart = headerEnd + 4;
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), dataStart);
    if (next < 0) throw badRequest('invalid multipart/form-data body');
    let disposition = '';
    let contentType: string | undefined;
    for (const line of headers.split(/\r\n/)) {
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      const hName = line.slice(0, colon).trim().toLowerCase();
      const hValue = line.slice(colon + 1).trim();
      if (hName === 'content-disposition') disposition = hValue;
      else if (hName === 'content-type') contentType = hValue;
    }
    const p = parseHeaderParams(disposition); // "form-data; name=...; filename=..." (grammY: no spaces, unquoted filename)
    if (p.name !== undefined) {
      const part: MultipartPart = { name: p.name, data: body.subarray(dataStart, next) };
      if (p.filename !== undefined) part.filename = p.filename;
      if (contentType !== undefined) part.contentType = contentType;
      parts.push(part);
    }
    pos = next + 2;
  }
  return parts;
}

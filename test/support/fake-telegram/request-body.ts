// Reads a Bot API request the way Telegram accepts it: query string, JSON, urlencoded or multipart.
import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';

export interface UploadedFile {
  field: string;
  fileName: string;
  mimeType: string;
  bytes: Buffer;
}

export interface ParsedRequest {
  params: Record<string, unknown>;
  files: UploadedFile[];
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Form fields arrive as strings; objects (reply_markup, ...) are JSON inside them. */
function decodeField(value: string): unknown {
  const t = value.trim();
  if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) {
    try {
      return JSON.parse(t);
    } catch {
      return value;
    }
  }
  return value;
}

function parseMultipart(req: IncomingMessage): Promise<ParsedRequest> {
  return new Promise((resolve, reject) => {
    const params: Record<string, unknown> = {};
    const files: UploadedFile[] = [];
    const bb = busboy({ headers: req.headers });
    bb.on('field', (name, value) => (params[name] = decodeField(value)));
    bb.on('file', (field, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => files.push({ field, fileName: info.filename ?? 'file', mimeType: info.mimeType, bytes: Buffer.concat(chunks) }));
    });
    bb.on('close', () => resolve({ params, files }));
    bb.on('error', reject);
    req.pipe(bb);
  });
}

export async function parseRequest(req: IncomingMessage, url: URL): Promise<ParsedRequest> {
  const params: Record<string, unknown> = {};
  for (const [k, v] of url.searchParams) params[k] = decodeField(v);
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    const parsed = await parseMultipart(req);
    return { params: { ...params, ...parsed.params }, files: parsed.files };
  }
  const raw = (await readAll(req)).toString('utf8');
  if (raw.trim() === '') return { params, files: [] };
  if (type.startsWith('application/json')) return { params: { ...params, ...(JSON.parse(raw) as object) }, files: [] };
  for (const [k, v] of new URLSearchParams(raw)) params[k] = decodeField(v);
  return { params, files: [] };
}

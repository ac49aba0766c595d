// The fetch every client of this package goes through. It never follows a redirect (undici
// strips only Authorization and Cookie on a cross-origin hop, not PLAID-SECRET), and it reads
// the body itself, counting decoded bytes, so an endless body or a decompression bomb stops at
// `maxResponseBytes` instead of filling memory.

/**
 * The body cannot be used: it grew past `maxResponseBytes` (and was cancelled), or it came in a
 * Content-Encoding this runtime does not decode, or its bytes do not decode.
 */
export class UnreadableBody extends Error {
  override readonly name = 'UnreadableBody';
  constructor(
    readonly status: number,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

const tooLarge = (status: number, limit: number) =>
  new UnreadableBody(status, `HTTP ${status} body exceeds maxResponseBytes (${limit} bytes); cancelled`);
const undecodable = (status: number, encoding: string, problem: string, options?: ErrorOptions) =>
  new UnreadableBody(status, `HTTP ${status} body in Content-Encoding ${JSON.stringify(encoding)} ${problem}`, options);

/** The response had started when the connection failed: the request reached the server. */
export class BodyInterrupted extends Error {
  override readonly name = 'BodyInterrupted';
  constructor(
    readonly status: number,
    options: ErrorOptions,
  ) {
    super(`the connection failed while reading the HTTP ${status} body`, options);
  }
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

// What fetch implementations decode (RFC 9110 §8.4.1, plus br and zstd); any other coding reaches
// us as the server's raw bytes, which could still look like JSON.
const DECODED = /^(identity|x-gzip|gzip|deflate|br|zstd)?$/;

/** The decompressor's own failure (zlib, brotli, zstd), as Node, Bun and Deno report it, not the socket's. */
function isDecodeFailure(error: unknown): boolean {
  for (let link = error, depth = 0; link && depth < 4; link = (link as { cause?: unknown }).cause, depth++) {
    const { code, message, name } = link as Record<string, unknown>;
    if (/^(Z_|ERR_BROTLI|ERR__ERROR_FORMAT|ERR_ZSTD|ZSTD)|ZlibError|decompress|corrupt/i.test(`${code} ${name} ${message}`)) return true;
  }
  return false;
}

async function readBounded(response: Response, limit: number): Promise<Uint8Array | null> {
  if (!response.body || NULL_BODY_STATUSES.has(response.status)) return null;
  const encoding = response.headers.get('content-encoding');
  const unknown = encoding
    ?.split(',')
    .map((coding) => coding.trim().toLowerCase())
    .find((coding) => !DECODED.test(coding));
  if (encoding !== null && unknown !== undefined) {
    await response.body.cancel().catch(() => {});
    throw undecodable(response.status, encoding, `cannot be decoded (${JSON.stringify(unknown)} is unknown to fetch)`);
  }
  const declared = Number(response.headers.get('content-length'));
  if (encoding === null && declared > limit) {
    await response.body.cancel().catch(() => {});
    throw tooLarge(response.status, limit);
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel().catch(() => {});
        throw tooLarge(response.status, limit);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof UnreadableBody) throw error;
    if (encoding !== null && isDecodeFailure(error)) {
      throw undecodable(response.status, encoding, 'does not decode', { cause: error });
    }
    throw new BodyInterrupted(response.status, { cause: error });
  }
  const [only] = chunks;
  return chunks.length === 1 && only ? only : new Uint8Array(await new Blob(chunks as BlobPart[]).arrayBuffer());
}

/** One request (its init says `redirect: 'manual'`), the body read whole within `limit` bytes. */
export async function fetchBounded(
  fetchImpl: typeof fetch,
  input: string | Request,
  init: RequestInit & { redirect: 'manual' },
  limit: number,
): Promise<{ response: Response; bytes: Uint8Array | null }> {
  const response = await fetchImpl(input, init);
  // A browser hides a manual redirect behind an opaque response with status 0, and no body.
  return { response, bytes: response.type === 'opaqueredirect' ? null : await readBounded(response, limit) };
}

/** A fetch for openapi-fetch's `fetch` option (the `raw` client): the same guards, as a Response. */
export function guardedFetch(fetchImpl: typeof fetch, maxResponseBytes: number) {
  return async (input: Request, init?: RequestInit): Promise<Response> => {
    const { response, bytes } = await fetchBounded(fetchImpl, input, { ...init, redirect: 'manual' }, maxResponseBytes);
    if (response.type === 'opaqueredirect') return response;
    return new Response(bytes as BodyInit | null, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

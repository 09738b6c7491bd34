/**
 * Opaque keyset-pagination cursors. A cursor carries the sort key of the last row of a page;
 * the next page asks for rows strictly after it in sort order. Engine-agnostic: any store
 * that pages by a tuple of strings and numbers can use it.
 */

/** The sort key of a row: the values of its ORDER BY columns, in order. */
export type CursorKey = readonly (string | number)[];

/** The kind of each element of a key, used to check a decoded cursor's shape. */
export type CursorKeyShape = readonly ('string' | 'number')[];

const CURSOR_VERSION = 1;

/** Encodes a sort key as an opaque, URL-safe string. */
export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify({ v: CURSOR_VERSION, k: key }), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor made by {@link encodeCursor} and checks it has the expected shape.
 * Throws RangeError for anything else (tampered, truncated, from another version or query),
 * since a bad cursor is a caller error, not a storage fault.
 */
export function decodeCursor(cursor: string, shape: CursorKeyShape): CursorKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new RangeError('invalid cursor: not a cursor returned by this store');
  }
  if (typeof parsed !== 'object' || parsed === null) throw new RangeError('invalid cursor: malformed');
  const { v, k } = parsed as { v?: unknown; k?: unknown };
  if (v !== CURSOR_VERSION) throw new RangeError('invalid cursor: unsupported cursor version');
  if (!Array.isArray(k) || k.length !== shape.length) throw new RangeError('invalid cursor: wrong key length');
  k.forEach((value, i) => {
    const expected = shape[i];
    const ok = expected === 'number' ? typeof value === 'number' && Number.isFinite(value) : typeof value === 'string';
    if (!ok) throw new RangeError(`invalid cursor: key element ${i} is not a ${expected}`);
  });
  return k as CursorKey;
}

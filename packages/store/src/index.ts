export { openSqliteStore, type OpenSqliteStoreOptions } from './sqlite/sqlite-open.js';
export { SqliteTraceStore, type SqliteTraceStoreOptions } from './sqlite/sqlite-store.js';
export { StoreOpenError } from './store-open-error.js';
export { encodeCursor, decodeCursor, type CursorKey, type CursorKeyShape } from './cursor.js';
export { spanSearchText } from './search-text.js';
// The conformance suite is `@loupe/store/conformance`: it loads node:test, which a server has no use for.
export { buildSpan, buildLLMSpan, chatDetails, shuffled, BASE_US, type SpanSpec } from './conformance/span-builder.js';

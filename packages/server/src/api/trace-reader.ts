/** The read side of a TraceStore: what the query API serves and RemoteTraceReader consumes. */
export type { TraceReader } from '@loupe/core';

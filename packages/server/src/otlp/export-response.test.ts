import assert from 'node:assert/strict';
import { it } from 'node:test';
import { encodeExportResponse, encodeRpcStatus } from './export-response.js';
import { otlpSchema } from './proto-schema.js';

// The server writes these two messages by hand; the official protos are the reference they are read with.
it('writes ExportTraceServiceResponse as the official schema reads it, partial_success only when something was rejected', () => {
  const { response } = otlpSchema();
  const read = (body: Buffer) =>
    response.toObject(response.decode(body), { longs: Number, defaults: true }) as { partialSuccess: { rejectedSpans: number; errorMessage: string } | null };
  assert.equal(encodeExportResponse('protobuf', 0, '').length, 0, 'full success is the empty message');
  assert.equal(read(encodeExportResponse('protobuf', 0, '')).partialSuccess, null);
  const cases: [number, string][] = [[1, 'rejected 1 span: bad id'], [0, 'a warning only'], [3_000_000_000, 'ünïcödé ✓']];
  for (const [rejectedSpans, errorMessage] of cases) {
    assert.deepEqual(read(encodeExportResponse('protobuf', rejectedSpans, errorMessage)).partialSuccess, { rejectedSpans, errorMessage });
  }
});

it('writes google.rpc.Status as the official field numbers read it', () => {
  const { status } = otlpSchema();
  for (const [code, message] of [[3, 'invalid body: truncated'], [14, 'server busy'], [13, ''], [0, 'odd but allowed']] as const) {
    assert.deepEqual(status.toObject(status.decode(encodeRpcStatus('protobuf', code, message)), { defaults: true }), { code, message });
  }
});

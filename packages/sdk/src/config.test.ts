import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_ENDPOINT, parseHeaderList, resolveExportTarget } from './config.js';

test('endpoint: default, env vars, explicit option, false', () => {
  assert.equal(resolveExportTarget({}, {})!.url, DEFAULT_ENDPOINT);
  assert.equal(resolveExportTarget({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })!.url, 'http://collector:4318/v1/traces');
  assert.equal(
    resolveExportTarget({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:9999/custom' })!.url,
    'http://b:9999/custom',
  );
  assert.equal(resolveExportTarget({ endpoint: 'http://explicit/v1/traces' }, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b' })!.url, 'http://explicit/v1/traces');
  assert.equal(resolveExportTarget({ endpoint: false }, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a' }), undefined);
});

test('headers: general env < traces env < explicit', () => {
  const target = resolveExportTarget(
    { headers: { c: 'explicit' } },
    { OTEL_EXPORTER_OTLP_HEADERS: 'a=1,b=2,c=3', OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'b=two,authorization=Bearer%20x' },
  )!;
  assert.deepEqual(target.headers, { a: '1', b: 'two', c: 'explicit', authorization: 'Bearer x' });
  assert.deepEqual(parseHeaderList(' k = v ,bad,=x'), { k: 'v' });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { spanOutline, type NormalizedSpan, type TraceFilter, type TraceStore, type TraceSummary } from '@loupe/core';
import { normalizeSpans } from '@loupe/normalize';
import { EVERY_DIALECT_FIXTURE } from '@loupe/normalize/fixtures/every-dialect';
import { BASE_US, buildLLMSpan, buildSpan, chatDetails, shuffled, viaOtlpWithRecords } from './span-builder.js';

const MS = 1000;

/** Opens a fresh store, runs `fn`, always closes. */
async function withStore(open: () => Promise<TraceStore>, fn: (store: TraceStore) => Promise<void>): Promise<void> {
  const store = await open();
  try {
    await fn(store);
  } finally {
    await store.close();
  }
}

async function traceIds(store: TraceStore, filter: TraceFilter): Promise<string[]> {
  const page = await store.listTraces({ ...filter, limit: 1000 });
  return page.traces.map((t) => t.traceId).sort();
}

/** A four-span trace exercising every roll-up rule; `root` may be left out. */
function rollupTrace(project: string, traceId: string, withRoot = true): NormalizedSpan[] {
  const spans = [
    buildSpan({
      project, traceId, spanId: 'r', name: 'answer-question', kind: 'CHAIN',
      startUs: BASE_US + 1 * MS, endUs: BASE_US + 101 * MS,
      input: 'What is the capital of France?', output: 'Paris', userId: 'u-root', serviceName: 'svc',
    }),
    buildLLMSpan({
      project, traceId, spanId: 'c1', parentSpanId: 'r', model: 'gpt-4o-mini',
      startUs: BASE_US + 5 * MS, endUs: BASE_US + 50 * MS,
      usage: { input: 100, output: 20, total: 120 }, costUsd: 0.25, userId: 'u-child', sessionId: 's-child',
    }),
    buildLLMSpan({
      project, traceId, spanId: 'c2', parentSpanId: 'r', model: 'gpt-4o',
      startUs: BASE_US + 60 * MS, endUs: BASE_US + 90 * MS,
      usage: { input: 10, output: 5 }, costUsd: 0.5, status: 'error', statusMessage: 'rate limited',
    }),
    buildSpan({
      project, traceId, spanId: 'c3', parentSpanId: 'c1', name: 'late-tool', kind: 'TOOL',
      startUs: BASE_US + 95 * MS, endUs: BASE_US + 120 * MS,
    }),
  ];
  return withRoot ? spans : spans.slice(1);
}

/** The filter-test data set: eight traces of project `proj`, one look-alike in `other`. */
function filterDataset(): NormalizedSpan[] {
  const p = 'proj';
  const t = (n: number): number => BASE_US + n * 1_000_000;
  return [
    // t1: fast ok, user alice, session s1, gpt-4o; prompt text only in the LLM message.
    buildSpan({ project: p, traceId: 't1', spanId: 'a', name: 'qa', startUs: t(1), durationMs: 100, userId: 'alice', sessionId: 's1' }),
    buildLLMSpan({ project: p, traceId: 't1', spanId: 'b', parentSpanId: 'a', startUs: t(1), model: 'gpt-4o',
      prompt: 'Tell me about Quantum Entanglement please', completion: 'It is spooky.' }),
    // t2: slow error, user bob, claude; output text searchable.
    buildSpan({ project: p, traceId: 't2', spanId: 'a', name: 'qa', startUs: t(2), durationMs: 900, userId: 'bob', status: 'error',
      output: 'The answer is forty-two' }),
    buildLLMSpan({ project: p, traceId: 't2', spanId: 'b', parentSpanId: 'a', startUs: t(2), model: 'claude-3',
      llm: chatDetails('claude-3', 'hello', 'hi', { responseModel: 'claude-3-20240229' }) }),
    // t3: medium, session s1, name summarize; attribute value searchable.
    buildSpan({ project: p, traceId: 't3', spanId: 'a', name: 'summarize', startUs: t(3), durationMs: 500, sessionId: 's1',
      attributes: { 'app.ticket': 'Ticket ZX-9001 escalated', 'app.count': 3 } }),
    // t4: exactly 200 ms (bound tests), user alice; quotes and FTS syntax in its input.
    buildSpan({ project: p, traceId: 't4', spanId: 'a', name: 'qa', startUs: t(4), durationMs: 200, userId: 'alice',
      input: 'she said "hello world" AND (x OR y*) a"b NEAR/2 -z' }),
    // t5: exactly 300 ms; percent and underscore, the LIKE metacharacters.
    buildSpan({ project: p, traceId: 't5', spanId: 'a', name: 'report', startUs: t(5), durationMs: 300,
      output: 'growth 5% under snake_case' }),
    // t6: a child-only error; the root is ok, the trace is error.
    buildSpan({ project: p, traceId: 't6', spanId: 'a', name: 'qa', startUs: t(6), durationMs: 50 }),
    buildSpan({ project: p, traceId: 't6', spanId: 'b', parentSpanId: 'a', name: 'retrieve', kind: 'RETRIEVER', startUs: t(6),
      durationMs: 10, status: 'error', documents: [{ id: 'd1', content: 'Lorem ipsum dolor' }] }),
    // t7: tool call arguments and tool result.
    buildSpan({ project: p, traceId: 't7', spanId: 'a', name: 'agent', kind: 'AGENT', startUs: t(7), durationMs: 700 }),
    buildSpan({ project: p, traceId: 't7', spanId: 'b', parentSpanId: 'a', name: 'call-weather', kind: 'TOOL', startUs: t(7),
      tool: { name: 'get_weather', arguments: '{"city":"Reykjavik"}', result: 'sleet and wind' } }),
    // t8: an LM call whose tool-call arguments are searchable; model in the response only.
    buildLLMSpan({ project: p, traceId: 't8', spanId: 'a', startUs: t(8), durationMs: 40, model: 'gpt-4o',
      llm: {
        model: 'gpt-4o', responseModel: 'gpt-4o-2024-08-06', inputMessages: [{ role: 'user', content: 'weather?' }],
        outputMessages: [{ role: 'assistant', content: '', toolCalls: [{ id: 'call1', name: 'lookup', arguments: '{"place":"Ouagadougou"}' }] }],
      } }),
    // Another project with the same trace ids and text: must never leak into `proj` results.
    buildSpan({ project: 'other', traceId: 't1', spanId: 'a', name: 'qa', startUs: t(1), durationMs: 100, userId: 'alice',
      input: 'Quantum Entanglement', sessionId: 's1' }),
  ];
}

/**
 * Registers the behaviour every TraceStore engine must have, as node:test suites. `open` must
 * return a new, empty store each call; the suite closes every store it opens.
 */
export function traceStoreConformanceSuite(engine: string, open: () => Promise<TraceStore>): void {
  describe(`TraceStore conformance: ${engine}`, () => {
    describe('ingest and getTrace', () => {
      it('returns every span losslessly, sorted by start time', async () => {
        await withStore(open, async (store) => {
          const rich = buildSpan({
            project: 'p', traceId: 'trace-1', spanId: 'llm', parentSpanId: 'root', name: 'ChatOpenAI', kind: 'LLM', otelKind: 3,
            serviceName: 'api', startUs: BASE_US + 2000, endUs: BASE_US + 900_500, status: 'error', statusMessage: 'boom',
            input: '{"q":"hi"}', output: 'hello',
            llm: {
              operation: 'chat', model: 'gpt-4o', responseModel: 'gpt-4o-2024-08-06', provider: 'openai',
              parameters: { temperature: 0.2, max_tokens: 100, stop: ['\n'] },
              inputMessages: [
                { role: 'system', content: 'Be brief. ünïcødé ✓ 🚀' },
                { role: 'user', content: 'weather?', name: 'bob' },
                { role: 'tool', content: '{"t":3}', toolCallId: 'c1' },
              ],
              outputMessages: [{ role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'wx', arguments: '{"a":1}' }], finishReason: 'tool_calls' }],
              finishReasons: ['tool_calls'], rawResponse: '{"id":"x"}', parsed: { answer: 42, nested: [1, { a: null }] },
              timeToFirstTokenMs: 12.5, responseId: 'resp-1',
            },
            usage: { input: 10, output: 3, total: 13, cacheRead: 2, cacheWrite: 1, reasoning: 4 },
            costUsd: 0.00123,
            documents: [{ id: 'd', content: 'doc', score: 0.5, metadata: { src: 'kb' } }],
            query: 'weather', tool: { name: 'wx', id: 't1', description: 'weather', arguments: '{}', result: 'sunny' },
            userId: 'u', sessionId: 's', metadata: { tier: 'gold', n: 1 }, tags: ['a', 'b'],
            attributes: { 'str': 'v', 'num': 1.5, 'int': 7, 'bool': true, 'arr': ['x', 'y'], 'nums': [1, 2], 'nul': null },
            resource: { 'service.name': 'api', 'host.cores': 2 },
            events: [{ name: 'exception', timeUs: BASE_US + 3000, attributes: { 'exception.message': 'bad' } }],
            links: [{ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), attributes: { k: 'v' } }],
            scopeName: 'openinference',
          });
          const root = buildSpan({ project: 'p', traceId: 'trace-1', spanId: 'root', name: 'handler', startUs: BASE_US, durationMs: 1000 });
          const result = await store.ingest([rich, root]);
          assert.deepEqual(result, { accepted: 2, duplicates: 0 });

          const detail = await store.getTrace('trace-1', 'p');
          assert.ok(detail);
          assert.deepStrictEqual(detail.spans, [root, rich]);
          assert.equal(detail.summary.traceId, 'trace-1');
          assert.equal(detail.summary.project, 'p');
          assert.equal(detail.summary.spanCount, 2);

          const anyProject = await store.getTrace('trace-1');
          assert.deepStrictEqual(anyProject, detail);
          assert.equal(await store.getTrace('trace-1', 'elsewhere'), undefined);
          assert.equal(await store.getTrace('nope'), undefined);
        });
      });

      // A store may keep less than it was given for these spans (SQLite re-derives their content
      // on read, or keeps the OTLP bytes they came in); whatever it keeps, they must come back as
      // they went in.
      for (const [how, normalized] of [
        ['normalized in process', () => normalizeSpans(EVERY_DIALECT_FIXTURE)],
        ['received as OTLP/protobuf, span records attached', () => viaOtlpWithRecords(EVERY_DIALECT_FIXTURE).spans],
      ] as const)
      it(`gives back what the normalizer made of every dialect (${how}): getTrace, getSpan, listLLMCalls`, async () => {
        await withStore(open, async (store) => {
          const spans = normalized();
          assert.ok(spans.length >= 30 && spans.some((s) => s.llm) && spans.some((s) => s.documents) && spans.some((s) => s.tool));
          const expected = structuredClone(spans);
          assert.deepEqual(await store.ingest(spans), { accepted: spans.length, duplicates: 0 });
          const traceId = spans[0]!.traceId;
          const byId = (list: readonly NormalizedSpan[]): Map<string, NormalizedSpan> => new Map(list.map((s) => [s.spanId, s]));
          // The fixtures share one trace id across projects (some name theirs in the resource).
          const projects = [...new Set(expected.map((s) => s.project))];
          assert.ok(projects.length >= 2);
          for (const project of projects) {
            const detail = await store.getTrace(traceId, project);
            assert.ok(detail);
            assert.deepStrictEqual(byId(detail.spans), byId(expected.filter((s) => s.project === project)));
          }
          for (const span of expected) {
            assert.deepStrictEqual(await store.getSpan(span.project, traceId, span.spanId), span);
          }
          const calls = await store.listLLMCalls({ traceId, limit: 1000 });
          const llmSpans = expected.filter((s) => s.kind === 'LLM' || s.kind === 'EMBEDDING');
          assert.equal(calls.length, llmSpans.length);
          const expectedById = byId(expected);
          for (const call of calls) {
            const span = expectedById.get(call.spanId)!;
            assert.deepStrictEqual(call.llm, span.llm ?? { inputMessages: [], outputMessages: [] });
            assert.deepStrictEqual(call.usage, span.usage);
            assert.equal(call.costUsd, span.costUsd);
          }
          // The prompt text of a derived span is searchable.
          const inOtherProjects = (phrase: string, project: string): boolean =>
            expected.some((s) => s.project !== project && JSON.stringify(s).includes(phrase));
          let phrase = '';
          const prompt = expected.find((s) => s.llm?.inputMessages.some((m) => {
            phrase = m.content.slice(0, 16);
            return phrase.length >= 8 && !inOtherProjects(phrase, s.project);
          }))!;
          assert.ok(prompt);
          const found = await store.listTraces({ contains: phrase });
          assert.deepEqual(found.traces.map((t) => [t.project, t.traceId]), [[prompt.project, traceId]]);
        });
      });

      it('treats an empty ingest as a no-op', async () => {
        await withStore(open, async (store) => {
          assert.deepEqual(await store.ingest([]), { accepted: 0, duplicates: 0 });
          assert.deepEqual(await store.listProjects(), []);
        });
      });

      it('lists projects that have traces', async () => {
        await withStore(open, async (store) => {
          await store.ingest([
            buildSpan({ project: 'zeta', traceId: 'a', spanId: '1' }),
            buildSpan({ project: 'alpha', traceId: 'a', spanId: '1' }),
            buildSpan({ project: 'alpha', traceId: 'b', spanId: '1' }),
          ]);
          assert.deepEqual(await store.listProjects(), ['alpha', 'zeta']);
          // Later batches: a new project appears once, a known one is not repeated.
          await store.ingest([buildSpan({ project: 'alpha', traceId: 'c', spanId: '1' })]);
          await store.ingest([buildSpan({ project: 'mid', traceId: 'a', spanId: '1' })]);
          assert.deepEqual(await store.listProjects(), ['alpha', 'mid', 'zeta']);
        });
      });
    });

    describe('getTraceOutline and getSpan', () => {
      /** Spans covering every outline field: usage subsets, response-only model, long exception text. */
      function outlineTrace(project: string): NormalizedSpan[] {
        const longMessage = `${'é'.repeat(150)}🚀${'x'.repeat(300)}`;
        return [
          buildSpan({ project, traceId: 'tr', spanId: 'root', name: 'handler', otelKind: 2, serviceName: 'api', startUs: BASE_US, durationMs: 500 }),
          buildLLMSpan({
            project, traceId: 'tr', spanId: 'llm', parentSpanId: 'root', startUs: BASE_US + 10 * MS, model: 'gpt-4o',
            usage: { input: 10, output: 3, total: 13, cacheRead: 2, cacheWrite: 1, reasoning: 4 }, costUsd: 0.5,
            status: 'error', statusMessage: 'rate limited',
            events: [
              { name: 'log', timeUs: BASE_US + 11 * MS, attributes: { 'exception.message': 'not an exception' } },
              { name: 'exception', timeUs: BASE_US + 12 * MS, attributes: { 'exception.message': longMessage } },
              { name: 'exception', timeUs: BASE_US + 13 * MS, attributes: { 'exception.message': 'second' } },
            ],
          }),
          buildSpan({
            project, traceId: 'tr', spanId: 'resp', parentSpanId: 'root', name: 'chat', kind: 'LLM', startUs: BASE_US + 20 * MS,
            llm: { responseModel: 'claude-3-20240229', inputMessages: [], outputMessages: [] }, usage: { output: 7 },
          }),
          buildSpan({ project, traceId: 'tr', spanId: 'tool', parentSpanId: 'llm', name: 'lookup', kind: 'TOOL', startUs: BASE_US + 30 * MS,
            usage: {}, attributes: { big: 'x'.repeat(1000) }, input: 'in', output: 'out' }),
        ];
      }

      it('returns the summary and the light projection of every span, in getTrace order', async () => {
        await withStore(open, async (store) => {
          await store.ingest(shuffled(outlineTrace('p'), 3));
          const detail = (await store.getTrace('tr', 'p'))!;
          const outline = await store.getTraceOutline('tr', 'p');
          assert.ok(outline);
          assert.deepStrictEqual(outline.summary, detail.summary);
          assert.equal(outline.spans.length, 4);
          assert.deepStrictEqual(outline.spans, detail.spans.map(spanOutline));
          const llm = outline.spans.find((s) => s.spanId === 'llm')!;
          assert.equal(llm.model, 'gpt-4o');
          assert.equal(Array.from(llm.errorMessage!).length, 200);
          assert.ok(llm.errorMessage!.startsWith('éé'));
          assert.equal(outline.spans.find((s) => s.spanId === 'resp')!.model, 'claude-3-20240229');
          assert.equal('usage' in outline.spans.find((s) => s.spanId === 'tool')!, false);
          assert.equal('attributes' in outline.spans[0]!, false);
          assert.deepStrictEqual(await store.getTraceOutline('tr'), outline);
        });
      });

      it('is undefined exactly when getTrace is', async () => {
        await withStore(open, async (store) => {
          await store.ingest(outlineTrace('p'));
          assert.equal(await store.getTraceOutline('tr', 'elsewhere'), undefined);
          assert.equal(await store.getTraceOutline('nope'), undefined);
        });
      });

      it('getTraceOutlineJson, where the store has it, is the outline as JSON text', async () => {
        await withStore(open, async (store) => {
          if (store.getTraceOutlineJson === undefined) return;
          // Text JSON must escape, two spans starting together (ordered by span id), a zero count, a real cost.
          const odd = (spanId: string, name: string): NormalizedSpan =>
            buildSpan({ project: 'p', traceId: 'tr', spanId, parentSpanId: 'root', name, startUs: BASE_US + 40 * MS, usage: { input: 0 }, costUsd: 0.1 + 0.2 });
          await store.ingest(shuffled([
            ...outlineTrace('p'),
            odd('odd-b', 'quote " backslash \\ newline \n tab \t control \u0001 separator \u2028 emoji 🚀 </script><b>x</b>'),
            odd('odd-a', 'é'),
          ], 5));
          const outline = await store.getTraceOutline('tr', 'p');
          const text = await store.getTraceOutlineJson('tr', 'p');
          assert.equal(typeof text, 'string');
          assert.deepStrictEqual(JSON.parse(text!), outline);
          assert.deepStrictEqual(outline!.spans.slice(-2).map((s) => s.spanId), ['odd-a', 'odd-b']);
          assert.deepStrictEqual(JSON.parse((await store.getTraceOutlineJson('tr'))!), outline);
          assert.equal(await store.getTraceOutlineJson('tr', 'elsewhere'), undefined);
          assert.equal(await store.getTraceOutlineJson('nope'), undefined);
        });
      });

      it('getSpan returns one full span, deep-equal to getTrace\'s, and undefined when unknown', async () => {
        await withStore(open, async (store) => {
          await store.ingest([...outlineTrace('p'), ...outlineTrace('q').map((s) => ({ ...s, name: `${s.name}-q` }))]);
          const detail = (await store.getTrace('tr', 'p'))!;
          for (const span of detail.spans) {
            assert.deepStrictEqual(await store.getSpan('p', 'tr', span.spanId), span);
          }
          assert.equal((await store.getSpan('q', 'tr', 'llm'))?.name, 'chat-q');
          assert.equal(await store.getSpan('p', 'tr', 'missing'), undefined);
          assert.equal(await store.getSpan('p', 'other-trace', 'llm'), undefined);
          assert.equal(await store.getSpan('elsewhere', 'tr', 'llm'), undefined);
        });
      });
    });

    describe('roll-up', () => {
      it('summarizes a trace from all its spans', async () => {
        await withStore(open, async (store) => {
          await store.ingest(rollupTrace('p', 'tr'));
          const s = (await store.getTrace('tr', 'p'))!.summary;
          const expected: TraceSummary = {
            project: 'p', traceId: 'tr', rootSpanId: 'r', name: 'answer-question',
            startUs: BASE_US + 1 * MS, endUs: BASE_US + 120 * MS, durationMs: 100, status: 'error',
            spanCount: 4, errorCount: 1, llmCallCount: 2, inputTokens: 110, outputTokens: 25, totalTokens: 135,
            costUsd: 0.75, userId: 'u-root', sessionId: 's-child', serviceName: 'svc',
            input: 'What is the capital of France?', output: 'Paris',
          };
          assert.deepStrictEqual(s, expected);
          const listed = (await store.listTraces({ project: 'p' })).traces;
          assert.deepStrictEqual(listed, [expected]);
        });
      });

      it('gives the same roll-up whatever the arrival order and split', async () => {
        await withStore(open, async (store) => {
          await store.ingest(rollupTrace('in-order', 'tr'));
          const reversed = rollupTrace('split', 'tr').reverse();
          // Children first, one call each, then the root.
          for (const span of reversed) await store.ingest([span]);
          const shuffledSpans = shuffled(rollupTrace('shuffled', 'tr'), 7);
          await store.ingest(shuffledSpans.slice(0, 2));
          await store.ingest(shuffledSpans.slice(2));
          const a = (await store.getTrace('tr', 'in-order'))!.summary;
          for (const project of ['split', 'shuffled']) {
            const b = (await store.getTrace('tr', project))!.summary;
            assert.deepStrictEqual({ ...b, project: 'x' }, { ...a, project: 'x' }, project);
          }
        });
      });

      it('names and times a trace by its spans until the root arrives', async () => {
        await withStore(open, async (store) => {
          await store.ingest(rollupTrace('p', 'tr', false));
          const before = (await store.getTrace('tr', 'p'))!.summary;
          assert.equal(before.rootSpanId, undefined);
          assert.equal(before.name, 'chat'); // the earliest span, c1
          assert.equal(before.startUs, BASE_US + 5 * MS);
          assert.equal(before.durationMs, 115); // last end − first start
          assert.equal(before.userId, 'u-child');
          assert.equal(before.input, undefined);
          await store.ingest(rollupTrace('p', 'tr').slice(0, 1));
          const after = (await store.getTrace('tr', 'p'))!.summary;
          assert.equal(after.rootSpanId, 'r');
          assert.equal(after.name, 'answer-question');
          assert.equal(after.durationMs, 100);
          assert.equal(after.userId, 'u-root');
          assert.equal(after.spanCount, 4);
        });
      });

      it('leaves cost unknown until a span has one, and status ok without errors', async () => {
        await withStore(open, async (store) => {
          await store.ingest([buildSpan({ project: 'p', traceId: 'tr', spanId: 'a', usage: { input: 3 } })]);
          const s = (await store.getTrace('tr', 'p'))!.summary;
          assert.equal(s.costUsd, undefined);
          assert.equal(s.status, 'ok');
          assert.equal(s.inputTokens, 3);
          assert.equal(s.totalTokens, 3);
          await store.ingest([buildSpan({ project: 'p', traceId: 'tr', spanId: 'b', parentSpanId: 'a', costUsd: 0 })]);
          assert.equal((await store.getTrace('tr', 'p'))!.summary.costUsd, 0);
        });
      });

      it('truncates the root input and output on the summary only', async () => {
        await withStore(open, async (store) => {
          const long = 'x'.repeat(5000);
          await store.ingest([buildSpan({ project: 'p', traceId: 'tr', spanId: 'a', input: long, output: long })]);
          const detail = (await store.getTrace('tr', 'p'))!;
          assert.ok(detail.summary.input!.length <= 1001 && detail.summary.input!.length >= 900);
          assert.ok(long.startsWith(detail.summary.input!.replace(/…$/, '')));
          assert.ok(detail.summary.output!.length <= 1001);
          assert.equal(detail.spans[0]!.input, long);
        });
      });
    });

    describe('duplicates', () => {
      it('ignores spans already stored and never double-counts them', async () => {
        await withStore(open, async (store) => {
          const spans = rollupTrace('p', 'tr');
          assert.deepEqual(await store.ingest(spans), { accepted: 4, duplicates: 0 });
          const first = (await store.getTrace('tr', 'p'))!;
          assert.deepEqual(await store.ingest(spans), { accepted: 0, duplicates: 4 });
          assert.deepEqual(await store.ingest([spans[0]!, spans[0]!]), { accepted: 0, duplicates: 2 });
          const extra = buildSpan({ project: 'p', traceId: 'tr', spanId: 'new', parentSpanId: 'r', startUs: BASE_US + 2 * MS, usage: { input: 1 } });
          assert.deepEqual(await store.ingest([spans[1]!, extra, extra]), { accepted: 1, duplicates: 2 });
          const after = (await store.getTrace('tr', 'p'))!;
          assert.equal(after.spans.length, 5);
          assert.deepStrictEqual(after.summary, { ...first.summary, spanCount: 5, inputTokens: 111, totalTokens: 136 });
          const calls = await store.listLLMCalls({ project: 'p' });
          assert.equal(calls.length, 2);
        });
      });

      it('keeps the same span id apart in different projects and traces', async () => {
        await withStore(open, async (store) => {
          const r = await store.ingest([
            buildSpan({ project: 'a', traceId: 't', spanId: 's' }),
            buildSpan({ project: 'b', traceId: 't', spanId: 's' }),
            buildSpan({ project: 'a', traceId: 'u', spanId: 's' }),
          ]);
          assert.deepEqual(r, { accepted: 3, duplicates: 0 });
        });
      });
    });

    describe('filters', () => {
      const cases: [string, TraceFilter, string[]][] = [
        ['no filter', { project: 'proj' }, ['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8']],
        ['minLatencyMs (inclusive)', { project: 'proj', minLatencyMs: 300 }, ['t2', 't3', 't5', 't7']],
        ['maxLatencyMs (inclusive)', { project: 'proj', maxLatencyMs: 200 }, ['t1', 't4', 't6', 't8']],
        ['latency range', { project: 'proj', minLatencyMs: 200, maxLatencyMs: 300 }, ['t4', 't5']],
        ['afterUs (inclusive)', { project: 'proj', afterUs: BASE_US + 6_000_000 }, ['t6', 't7', 't8']],
        ['beforeUs (inclusive)', { project: 'proj', beforeUs: BASE_US + 2_000_000 }, ['t1', 't2']],
        ['time window', { project: 'proj', afterUs: BASE_US + 3_000_000, beforeUs: BASE_US + 4_000_000 }, ['t3', 't4']],
        ['status error', { project: 'proj', status: 'error' }, ['t2', 't6']],
        ['status ok', { project: 'proj', status: 'ok' }, ['t1', 't3', 't4', 't5', 't7', 't8']],
        ['userId', { project: 'proj', userId: 'alice' }, ['t1', 't4']],
        ['sessionId', { project: 'proj', sessionId: 's1' }, ['t1', 't3']],
        ['name (root)', { project: 'proj', name: 'qa' }, ['t1', 't2', 't4', 't6']],
        ['name is exact', { project: 'proj', name: 'q' }, []],
        ['model (request)', { project: 'proj', model: 'gpt-4o' }, ['t1', 't8']],
        ['model (response only)', { project: 'proj', model: 'claude-3-20240229' }, ['t2']],
        ['model unknown', { project: 'proj', model: 'llama' }, []],
        ['contains: prompt text in an LM message', { project: 'proj', contains: 'quantum entanglement' }, ['t1']],
        ['contains: mixed case', { project: 'proj', contains: 'qUaNtUm' }, ['t1']],
        ['contains: output', { project: 'proj', contains: 'forty-two' }, ['t2']],
        ['contains: attribute value', { project: 'proj', contains: 'zx-9001' }, ['t3']],
        ['contains: document content', { project: 'proj', contains: 'ipsum' }, ['t6']],
        ['contains: tool arguments', { project: 'proj', contains: 'reykjavik' }, ['t7']],
        ['contains: tool result', { project: 'proj', contains: 'sleet' }, ['t7']],
        ['contains: LM tool-call arguments', { project: 'proj', contains: 'Ouagadougou' }, ['t8']],
        ['contains: span name of a child', { project: 'proj', contains: 'call-weather' }, ['t7']],
        ['contains: quotes', { project: 'proj', contains: '"hello world"' }, ['t4']],
        ['contains: FTS syntax is literal', { project: 'proj', contains: 'AND (x OR y*) a"b NEAR/2 -z' }, ['t4']],
        ['contains: lone double quote', { project: 'proj', contains: 'a"b' }, ['t4']],
        ['contains: FTS operator text absent', { project: 'proj', contains: 'OR z' }, []],
        ['contains: short string', { project: 'proj', contains: '5%' }, ['t5']],
        ['contains: percent is literal', { project: 'proj', contains: '%' }, ['t5']],
        ['contains: underscore is literal', { project: 'proj', contains: 'e_c' }, ['t5']],
        ['contains: one character, mixed case', { project: 'proj', contains: 'Z' }, ['t3', 't4']],
        ['contains: no match', { project: 'proj', contains: 'xylophone' }, []],
        ['contains: empty string matches all', { project: 'proj', contains: '' }, ['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8']],
        ['combined: user + latency', { project: 'proj', userId: 'alice', minLatencyMs: 150 }, ['t4']],
        ['combined: name + status + model', { project: 'proj', name: 'qa', status: 'error', model: 'claude-3' }, ['t2']],
        ['combined: session + contains', { project: 'proj', sessionId: 's1', contains: 'ticket' }, ['t3']],
        ['combined: contains + time + latency', { project: 'proj', contains: 'qa', afterUs: BASE_US + 2_000_000, maxLatencyMs: 500 }, ['t4', 't6']],
        ['combined: all', {
          project: 'proj', userId: 'alice', sessionId: 's1', name: 'qa', status: 'ok', model: 'gpt-4o', contains: 'spooky',
          minLatencyMs: 100, maxLatencyMs: 100, afterUs: BASE_US + 1_000_000, beforeUs: BASE_US + 1_000_000,
        }, ['t1']],
        ['project isolation', { project: 'other' }, ['t1']],
        ['project isolation with filters', { project: 'other', contains: 'spooky' }, []],
      ];
      for (const [title, filter, expected] of cases) {
        it(title, async () => {
          await withStore(open, async (store) => {
            await store.ingest(filterDataset());
            assert.deepEqual(await traceIds(store, filter), expected);
          });
        });
      }

      it('searches every project when none is given', async () => {
        await withStore(open, async (store) => {
          await store.ingest(filterDataset());
          const page = await store.listTraces({ contains: 'quantum', limit: 10 });
          assert.deepEqual(page.traces.map((t) => `${t.project}/${t.traceId}`).sort(), ['other/t1', 'proj/t1']);
          assert.equal((await store.listTraces({ userId: 'alice' })).traces.length, 3);
        });
      });

      it('rejects invalid filters and limits', async () => {
        await withStore(open, async (store) => {
          await assert.rejects(store.listTraces({ limit: 0 }), RangeError);
          await assert.rejects(store.listTraces({ limit: Number.NaN }), RangeError);
          await assert.rejects(store.listTraces({ limit: 1001 }), RangeError);
          await assert.rejects(store.listTraces({ limit: 2.5 }), RangeError);
          await assert.rejects(store.listTraces({ minLatencyMs: Number.NaN }), RangeError);
          await assert.rejects(store.listTraces({ cursor: 'not-a-cursor' }), RangeError);
          await assert.rejects(store.listLLMCalls({ limit: 0 }), RangeError);
          assert.equal((await store.listTraces({ limit: 1000 })).traces.length, 0);
        });
      });
    });

    describe('listTraces order and pagination', () => {
      it('pages newest first, every matching trace exactly once', async () => {
        await withStore(open, async (store) => {
          const spans: NormalizedSpan[] = [];
          for (let i = 0; i < 23; i++) {
            // Pairs share a start time, so the trace-id tiebreak is exercised across page edges.
            spans.push(buildSpan({ project: 'p', traceId: `tr-${String(i).padStart(2, '0')}`, spanId: 'a',
              startUs: BASE_US + Math.floor(i / 2) * MS, durationMs: i, userId: i % 3 === 0 ? 'u' : 'v' }));
          }
          spans.push(buildSpan({ project: 'q', traceId: 'tr-99', spanId: 'a', startUs: BASE_US + 5 * MS }));
          await store.ingest(shuffled(spans));

          const collect = async (filter: TraceFilter, limit: number): Promise<TraceSummary[]> => {
            const all: TraceSummary[] = [];
            let cursor: string | undefined;
            let pages = 0;
            do {
              const page = await store.listTraces({ ...filter, limit, ...(cursor === undefined ? {} : { cursor }) });
              assert.ok(page.traces.length <= limit);
              all.push(...page.traces);
              cursor = page.nextCursor;
              pages += 1;
              assert.ok(pages <= 100, 'pagination does not terminate');
            } while (cursor !== undefined);
            return all;
          };
          const expectedOrder = (ts: TraceSummary[]): string[] =>
            [...ts].sort((a, b) => b.startUs - a.startUs || (a.traceId < b.traceId ? 1 : a.traceId > b.traceId ? -1 : 0)).map((t) => t.traceId);

          const paged = await collect({ project: 'p' }, 5);
          assert.equal(paged.length, 23);
          assert.equal(new Set(paged.map((t) => t.traceId)).size, 23);
          assert.deepEqual(paged.map((t) => t.traceId), expectedOrder(paged));
          assert.equal(paged[0]!.traceId, 'tr-22');

          const one = await collect({ project: 'p' }, 1);
          assert.deepEqual(one.map((t) => t.traceId), paged.map((t) => t.traceId));

          const filtered = await collect({ project: 'p', userId: 'u' }, 2);
          assert.deepEqual(filtered.map((t) => t.traceId), ['tr-21', 'tr-18', 'tr-15', 'tr-12', 'tr-09', 'tr-06', 'tr-03', 'tr-00']);

          const everywhere = await collect({}, 4);
          assert.equal(everywhere.length, 24);
          assert.equal(new Set(everywhere.map((t) => `${t.project}/${t.traceId}`)).size, 24);

          const exact = await store.listTraces({ project: 'p', limit: 23 });
          assert.equal(exact.traces.length, 23);
          assert.equal(exact.nextCursor, undefined);
          const dflt = await store.listTraces({});
          assert.equal(dflt.traces.length, 24);
        });
      });

      it('defaults to 50 per page', async () => {
        await withStore(open, async (store) => {
          const spans = Array.from({ length: 60 }, (_, i) =>
            buildSpan({ project: 'p', traceId: `t${i}`, spanId: 'a', startUs: BASE_US + i * MS }));
          await store.ingest(spans);
          const page = await store.listTraces({ project: 'p' });
          assert.equal(page.traces.length, 50);
          assert.ok(page.nextCursor);
          const rest = await store.listTraces({ project: 'p', cursor: page.nextCursor });
          assert.equal(rest.traces.length, 10);
          assert.equal(rest.nextCursor, undefined);
        });
      });
    });

    describe('stats', () => {
      it('computes nearest-rank percentiles and totals', async () => {
        await withStore(open, async (store) => {
          const spans = Array.from({ length: 100 }, (_, i) =>
            buildSpan({ project: 'p', traceId: `t${i}`, spanId: 'a', startUs: BASE_US + i * MS, durationMs: i + 1,
              usage: { input: 2, output: 1 }, costUsd: 0.01, status: i % 10 === 0 ? 'error' : 'ok' }));
          spans.push(buildSpan({ project: 'q', traceId: 'x', spanId: 'a', durationMs: 5000 }));
          await store.ingest(shuffled(spans, 3));
          const s = await store.stats({ project: 'p' });
          assert.equal(s.count, 100);
          assert.equal(s.p50_ms, 51);
          assert.equal(s.p95_ms, 96);
          assert.equal(s.p99_ms, 100);
          assert.equal(s.max_ms, 100);
          assert.equal(s.errorCount, 10);
          assert.equal(s.inputTokens, 200);
          assert.equal(s.outputTokens, 100);
          assert.equal(s.totalTokens, 300);
          assert.ok(Math.abs(s.costUsd - 1) < 1e-9);

          const slow = await store.stats({ project: 'p', minLatencyMs: 91 });
          assert.equal(slow.count, 10);
          assert.equal(slow.p50_ms, 96);
          assert.equal(slow.p99_ms, 100);
          const all = await store.stats({});
          assert.equal(all.count, 101);
          assert.equal(all.max_ms, 5000);
          const single = await store.stats({ project: 'q' });
          assert.deepEqual([single.p50_ms, single.p95_ms, single.p99_ms, single.max_ms], [5000, 5000, 5000, 5000]);
        });
      });

      it('reports nulls and zeros when nothing matches', async () => {
        await withStore(open, async (store) => {
          await store.ingest([buildSpan({ project: 'p', traceId: 't', spanId: 'a' })]);
          assert.deepEqual(await store.stats({ project: 'nothing' }), {
            count: 0, p50_ms: null, p95_ms: null, p99_ms: null, max_ms: null,
            errorCount: 0, inputTokens: 0, outputTokens: 0, totalTokens: 0, costUsd: 0,
          });
        });
      });
    });

    describe('listLLMCalls', () => {
      it('lists LM calls newest first, filtered by model, trace and project', async () => {
        await withStore(open, async (store) => {
          await store.ingest([
            buildSpan({ project: 'p', traceId: 't1', spanId: 'root', startUs: BASE_US }),
            buildLLMSpan({ project: 'p', traceId: 't1', spanId: 'a', parentSpanId: 'root', model: 'gpt-4o', startUs: BASE_US + 1 * MS,
              prompt: 'first', usage: { input: 5, output: 2 }, costUsd: 0.1 }),
            buildLLMSpan({ project: 'p', traceId: 't1', spanId: 'b', parentSpanId: 'root', model: 'gpt-4o-mini', startUs: BASE_US + 3 * MS,
              status: 'error', statusMessage: 'timeout' }),
            buildSpan({ project: 'p', traceId: 't2', spanId: 'c', name: 'embed', kind: 'EMBEDDING', startUs: BASE_US + 2 * MS,
              llm: { model: 'text-embedding-3-small', operation: 'embeddings', inputMessages: [], outputMessages: [] } }),
            buildSpan({ project: 'p', traceId: 't2', spanId: 'd', parentSpanId: 'c', name: 'tool', kind: 'TOOL', startUs: BASE_US + 4 * MS }),
            buildSpan({ project: 'p', traceId: 't3', spanId: 'e', kind: 'LLM', name: 'bare-llm', startUs: BASE_US + 5 * MS }),
            buildLLMSpan({ project: 'p', traceId: 't3', spanId: 'f', model: 'claude-3', startUs: BASE_US + 6 * MS,
              llm: chatDetails('claude-3', 'q', 'a', { responseModel: 'claude-3-opus' }) }),
            buildLLMSpan({ project: 'q', traceId: 't9', spanId: 'z', model: 'gpt-4o', startUs: BASE_US + 9 * MS }),
          ]);
          const all = await store.listLLMCalls({ project: 'p' });
          assert.deepEqual(all.map((c) => c.spanId), ['f', 'e', 'b', 'c', 'a']);
          const a = all.find((c) => c.spanId === 'a')!;
          assert.equal(a.traceId, 't1');
          assert.equal(a.project, 'p');
          assert.equal(a.name, 'chat');
          assert.equal(a.startUs, BASE_US + 1 * MS);
          assert.equal(a.durationMs, 10);
          assert.equal(a.llm.model, 'gpt-4o');
          assert.deepEqual(a.llm.inputMessages, [{ role: 'user', content: 'first' }]);
          assert.deepEqual(a.usage, { input: 5, output: 2 });
          assert.equal(a.costUsd, 0.1);
          const b = all.find((c) => c.spanId === 'b')!;
          assert.equal(b.status, 'error');
          assert.equal(b.statusMessage, 'timeout');
          assert.deepEqual(all.find((c) => c.spanId === 'e')!.llm, { inputMessages: [], outputMessages: [] });

          assert.deepEqual((await store.listLLMCalls({ project: 'p', model: 'gpt-4o' })).map((c) => c.spanId), ['a']);
          assert.deepEqual((await store.listLLMCalls({ model: 'gpt-4o' })).map((c) => c.spanId), ['z', 'a']);
          assert.deepEqual((await store.listLLMCalls({ project: 'p', model: 'claude-3-opus' })).map((c) => c.spanId), ['f']);
          assert.deepEqual((await store.listLLMCalls({ traceId: 't1' })).map((c) => c.spanId), ['b', 'a']);
          assert.deepEqual((await store.listLLMCalls({ project: 'p', traceId: 't2' })).map((c) => c.spanId), ['c']);
          assert.deepEqual((await store.listLLMCalls({ project: 'p', limit: 2 })).map((c) => c.spanId), ['f', 'e']);
          assert.deepEqual((await store.listLLMCalls({})).map((c) => c.spanId), ['z', 'f', 'e', 'b', 'c', 'a']);
          assert.deepEqual(await store.listLLMCalls({ project: 'none' }), []);
        });
      });

      it('defaults to the 20 latest calls', async () => {
        await withStore(open, async (store) => {
          await store.ingest(Array.from({ length: 25 }, (_, i) =>
            buildLLMSpan({ project: 'p', traceId: 't', spanId: `s${i}`, model: 'm', startUs: BASE_US + i * MS })));
          const calls = await store.listLLMCalls({ project: 'p' });
          assert.equal(calls.length, 20);
          assert.equal(calls[0]!.spanId, 's24');
          assert.equal(calls[19]!.spanId, 's5');
        });
      });
    });

    describe('feedback', () => {
      const CORRECT = { label: 'correct', comment: 'right answer', createdAt: '2026-01-15T14:00:00.000Z' } as const;
      const INCORRECT = { label: 'incorrect', createdAt: '2026-01-15T15:00:00.000Z' } as const;

      /** Six traces in `p` (t0 newest … t5 oldest), t0/t2 marked correct, t1 incorrect; one trace in `q`. */
      async function withFeedbackData(store: TraceStore): Promise<void> {
        await store.ingest([
          ...Array.from({ length: 6 }, (_, i) =>
            buildSpan({ project: 'p', traceId: `t${i}`, spanId: 'r', name: i % 2 === 0 ? 'even' : 'odd', startUs: BASE_US - i * MS,
              durationMs: 10 * (i + 1), status: i === 2 ? 'error' : 'ok' })),
          buildSpan({ project: 'q', traceId: 't0', spanId: 'r' }),
        ]);
        await store.setFeedback('p', 't0', CORRECT);
        await store.setFeedback('p', 't2', { label: 'correct', createdAt: '2026-01-15T14:30:00.000Z' });
        await store.setFeedback('p', 't1', INCORRECT);
      }

      it('sets, replaces, reads back and deletes one verdict per trace', async () => {
        await withStore(open, async (store) => {
          await store.ingest([buildSpan({ project: 'p', traceId: 't', spanId: 'r' }), buildSpan({ project: 'q', traceId: 't', spanId: 'r' })]);
          assert.equal(await store.getFeedback('p', 't'), undefined);
          await store.setFeedback('p', 't', CORRECT);
          assert.deepStrictEqual(await store.getFeedback('p', 't'), CORRECT);
          // Same trace id in another project is another trace.
          assert.equal(await store.getFeedback('q', 't'), undefined);
          // Setting again replaces everything, comment included.
          await store.setFeedback('p', 't', INCORRECT);
          assert.deepStrictEqual(await store.getFeedback('p', 't'), INCORRECT);
          assert.equal(await store.deleteFeedback('p', 't'), true);
          assert.equal(await store.getFeedback('p', 't'), undefined);
          assert.equal(await store.deleteFeedback('p', 't'), false);
          await assert.rejects(store.setFeedback('p', 't', { label: 'meh', createdAt: CORRECT.createdAt } as never), RangeError);
        });
      });

      it('accepts feedback for a trace whose spans have not arrived; it shows once they do', async () => {
        await withStore(open, async (store) => {
          await store.setFeedback('p', 'later', INCORRECT);
          assert.deepStrictEqual(await store.getFeedback('p', 'later'), INCORRECT);
          assert.equal(await store.getTrace('later', 'p'), undefined);
          assert.deepEqual((await store.listTraces({ project: 'p' })).traces, []);
          await store.ingest([buildSpan({ project: 'p', traceId: 'later', spanId: 'r' })]);
          assert.deepStrictEqual((await store.getTrace('later'))?.summary.feedback, INCORRECT);
          // More spans do not disturb it.
          await store.ingest([buildSpan({ project: 'p', traceId: 'later', spanId: 'c', parentSpanId: 'r' })]);
          assert.deepStrictEqual((await store.listTraces({ project: 'p' })).traces[0]?.feedback, INCORRECT);
        });
      });

      it('carries feedback on list rows and trace summaries, and only where given', async () => {
        await withStore(open, async (store) => {
          await withFeedbackData(store);
          const rows = (await store.listTraces({ project: 'p' })).traces;
          assert.deepEqual(rows.map((t) => t.traceId), ['t0', 't1', 't2', 't3', 't4', 't5']);
          assert.deepStrictEqual(rows[0]!.feedback, CORRECT);
          assert.deepStrictEqual(rows[1]!.feedback, INCORRECT);
          assert.equal(rows[2]!.feedback?.label, 'correct');
          for (const row of rows.slice(3)) assert.ok(!('feedback' in row), `${row.traceId} has no feedback`);
          assert.deepStrictEqual((await store.getTrace('t0', 'p'))?.summary.feedback, CORRECT);
          assert.ok(!('feedback' in (await store.getTrace('t0', 'q'))!.summary));
          await store.deleteFeedback('p', 't0');
          assert.ok(!('feedback' in (await store.getTrace('t0', 'p'))!.summary));
        });
      });

      it('filters by every feedback value, alone and combined with other filters', async () => {
        await withStore(open, async (store) => {
          await withFeedbackData(store);
          assert.deepEqual(await traceIds(store, { project: 'p', feedback: 'correct' }), ['t0', 't2']);
          assert.deepEqual(await traceIds(store, { project: 'p', feedback: 'incorrect' }), ['t1']);
          assert.deepEqual(await traceIds(store, { project: 'p', feedback: 'any' }), ['t0', 't1', 't2']);
          assert.deepEqual(await traceIds(store, { project: 'p', feedback: 'none' }), ['t3', 't4', 't5']);
          // Across projects: q's t0 shares the id of p's correct t0 but has no feedback.
          const none = await store.listTraces({ feedback: 'none' });
          assert.deepEqual(none.traces.map((t) => `${t.project}/${t.traceId}`), ['q/t0', 'p/t3', 'p/t4', 'p/t5']);
          assert.deepEqual(await traceIds(store, { feedback: 'correct' }), ['t0', 't2']);
          assert.deepEqual(await traceIds(store, { project: 'p', feedback: 'correct', name: 'even' }), ['t0', 't2']);
          assert.deepEqual(await traceIds(store, { project: 'p', feedback: 'correct', status: 'error' }), ['t2']);
          assert.deepEqual(await traceIds(store, { project: 'p', feedback: 'none', name: 'odd' }), ['t3', 't5']);
          assert.deepEqual(await traceIds(store, { project: 'p', feedback: 'any', minLatencyMs: 20 }), ['t1', 't2']);
          assert.deepEqual(await traceIds(store, { project: 'q', feedback: 'any' }), []);
          await assert.rejects(store.listTraces({ feedback: 'maybe' as never }), RangeError);
          await assert.rejects(store.stats({ feedback: 'maybe' as never }), RangeError);
        });
      });

      it('pages through a feedback filter, every match exactly once', async () => {
        await withStore(open, async (store) => {
          await withFeedbackData(store);
          for (const [feedback, expected] of [['none', ['t3', 't4', 't5']], ['any', ['t0', 't1', 't2']]] as const) {
            const seen: string[] = [];
            let cursor: string | undefined;
            let pages = 0;
            do {
              const page = await store.listTraces({ project: 'p', feedback, limit: 2, ...(cursor && { cursor }) });
              seen.push(...page.traces.map((t) => t.traceId));
              cursor = page.nextCursor;
              pages += 1;
            } while (cursor !== undefined);
            assert.deepEqual(seen, expected);
            assert.equal(pages, 2);
          }
        });
      });

      it('computes stats over the traces a feedback filter keeps', async () => {
        await withStore(open, async (store) => {
          await withFeedbackData(store);
          const correct = await store.stats({ project: 'p', feedback: 'correct' });
          assert.equal(correct.count, 2);
          assert.equal(correct.errorCount, 1);
          assert.equal(correct.max_ms, 30);
          assert.equal(correct.p50_ms, 30); // sorted[floor(2 × 0.5)] of [10, 30]
          assert.equal((await store.stats({ project: 'p', feedback: 'none' })).count, 3);
          assert.equal((await store.stats({ feedback: 'none' })).count, 4);
          assert.equal((await store.stats({ project: 'p', feedback: 'incorrect' })).max_ms, 20);
        });
      });
    });

    describe('concurrency', () => {
      it('stores every span of 50 parallel ingest calls', async () => {
        await withStore(open, async (store) => {
          // Each call carries 20 spans spread over 10 shared traces, so batches touch the same roll-ups.
          const calls = Array.from({ length: 50 }, (_, c) =>
            Array.from({ length: 20 }, (_, i) =>
              buildSpan({ project: 'p', traceId: `t${i % 10}`, spanId: `c${c}-s${i}`, startUs: BASE_US + c * MS + i, usage: { input: 1 } })));
          const results = await Promise.all(calls.map((spans) => store.ingest(spans)));
          for (const r of results) assert.deepEqual(r, { accepted: 20, duplicates: 0 });
          const page = await store.listTraces({ project: 'p', limit: 100 });
          assert.equal(page.traces.length, 10);
          for (const t of page.traces) {
            assert.equal(t.spanCount, 100);
            assert.equal(t.inputTokens, 100);
          }
          const detail = (await store.getTrace('t3', 'p'))!;
          assert.equal(detail.spans.length, 100);
          const again = await Promise.all(calls.slice(0, 5).map((spans) => store.ingest(spans)));
          for (const r of again) assert.deepEqual(r, { accepted: 0, duplicates: 20 });
          assert.equal((await store.stats({ project: 'p' })).inputTokens, 1000);
        });
      });
    });
  });
}

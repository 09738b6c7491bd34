// End-to-end tests of the viewer in a real headless Chromium against the real server and store.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bigTrace, fixtureSpans, PROJECT, PROMPT_PHRASE, ragTrace, traceId, wideTrace, XSS, NOW_US } from './fixtures.js';
import { startViewerStack } from './harness.js';

let stack;
let page;

before(async () => {
  stack = await startViewerStack();
  await stack.store.ingest(fixtureSpans());
  page = await stack.newPage();
});

after(async () => {
  await stack?.close();
});

const rowIds = () => page.$$eval('[data-testid=traces-table] tbody tr', (rows) => rows.map((r) => r.getAttribute('data-trace-id')));

describe('trace list', () => {
  test('loads the newest traces first with their columns', async () => {
    await page.goto(`${stack.url}/`);
    await page.waitForSelector('[data-testid=traces-table] tbody tr');
    assert.deepEqual(await rowIds(), [traceId(5), traceId(4), traceId(3), traceId(2), traceId(1)]);
    const row = page.locator(`tr[data-trace-id="${traceId(1)}"]`);
    const text = await row.innerText();
    assert.match(text, /answer_question/);
    assert.match(text, /800 ms/);
    assert.match(text, /customer-12345/);
    assert.match(text, /sess-1/);
    assert.match(text, /\$0\.0123/);
    await stack.screenshot(page, 'traces');
  });

  test('filters by latency, and the URL keeps the filter', async () => {
    await page.goto(`${stack.url}/`);
    await page.waitForSelector('[data-testid=traces-table] tbody tr');
    await page.fill('input[name=min_latency_ms]', '1000');
    await page.press('input[name=min_latency_ms]', 'Enter');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=traces-table] tbody tr').length === 1);
    assert.deepEqual(await rowIds(), [traceId(3)]);
    assert.match(page.url(), /min_latency_ms=1000/);
    // A shared link reproduces the view.
    await page.goto(page.url());
    await page.waitForSelector(`tr[data-trace-id="${traceId(3)}"]`);
    assert.deepEqual(await rowIds(), [traceId(3)]);
    assert.equal(await page.inputValue('input[name=min_latency_ms]'), '1000');
  });

  test('full-text search finds a phrase that only appears in a prompt', async () => {
    await page.goto(`${stack.url}/`);
    await page.waitForSelector('[data-testid=traces-table] tbody tr');
    await page.fill('input[name=contains]', PROMPT_PHRASE);
    await page.press('input[name=contains]', 'Enter');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=traces-table] tbody tr').length === 3);
    assert.deepEqual((await rowIds()).sort(), [traceId(1), traceId(2), traceId(3)].sort());
    assert.match(decodeURIComponent(page.url()), new RegExp(`contains=${PROMPT_PHRASE.replace(/ /g, '\\+')}`));
  });

  test('new traces appear without a reload', async () => {
    await page.goto(`${stack.url}/`);
    await page.waitForSelector(`tr[data-trace-id="${traceId(5)}"]`);
    const marker = await page.evaluate(() => (window.__sameDocument = true));
    assert.equal(marker, true);
    await stack.store.ingest(ragTrace({ n: 9, startUs: Date.now() * 1000, question: 'live one?', answer: 'yes', userId: 'live-user' }));
    await page.waitForSelector(`tr[data-trace-id="${traceId(9)}"]`, { timeout: 15_000 });
    assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the page was not reloaded');
    assert.equal((await rowIds())[0], traceId(9));
  });
});

describe('trace detail', () => {
  test('shows the tree, the step breakdown and an LM call with its messages and tokens', async () => {
    await page.goto(`${stack.url}/`);
    await page.click(`tr[data-trace-id="${traceId(1)}"] a.trace-name`);
    await page.waitForSelector('[data-testid=waterfall] .wf-row');
    assert.match(page.url(), new RegExp(`/traces/${traceId(1)}`));
    const names = await page.$$eval('.wf-row .wf-name', (els) => els.map((e) => e.textContent));
    assert.deepEqual(names, ['answer_question', 'retrieve', 'answer']);
    const steps = await page.innerText('[data-testid=step-breakdown]');
    assert.match(steps, /retrieve 15%/);
    assert.match(steps, /answer 81%/);

    await page.click('.wf-row:has(.wf-name:text-is("answer"))');
    await page.waitForSelector('[data-testid=llm-metrics]');
    const panel = page.locator('[data-testid=span-panel]');
    assert.equal(await panel.locator('[data-testid=tokens-in] .metric-value').innerText(), '1,234');
    assert.equal(await panel.locator('[data-testid=tokens-out] .metric-value').innerText(), '56');
    assert.equal(await panel.locator('[data-testid=tokens-cached] .metric-value').innerText(), '100');
    assert.equal(await panel.locator('[data-testid=tokens-reasoning] .metric-value').innerText(), '7');
    assert.equal(await panel.locator('[data-testid=cost] .metric-value').innerText(), '$0.0123');
    const roles = await panel.locator('.message').evaluateAll((els) => els.map((e) => e.getAttribute('data-role')));
    assert.deepEqual(roles, ['system', 'user', 'assistant', 'user', 'assistant']);
    const text = await panel.innerText();
    assert.match(text, new RegExp(PROMPT_PHRASE));
    assert.match(text, /few-shot/i);
    assert.match(text, /What is the refund policy for order 12345\?/);
    assert.match(text, /lookup_order/);
    assert.match(text, /gpt-4o-mini/);
    assert.match(text, /temperature/);
    assert.match(text, /210 ms/, 'time to first token');
    await stack.screenshot(page, 'trace-detail-llm');

    await page.click('.wf-row:has(.wf-name:text-is("retrieve"))');
    await page.waitForSelector('.docs-table');
    const docs = await page.innerText('.docs-table');
    assert.match(docs, /0\.9132/);
    assert.match(docs, /Refunds are issued within 14 days/);
    await stack.screenshot(page, 'trace-detail-retrieval');
  });

  test('shows exceptions with their stack traces', async () => {
    await page.goto(`${stack.url}/traces/${traceId(3)}?project=${PROJECT}`);
    await page.click('.wf-row:has(.wf-name:text-is("answer"))');
    await page.waitForSelector('.event.exception');
    const text = await page.innerText('.event.exception');
    assert.match(text, /TimeoutError: model took too long/);
    assert.match(text, /at callModel \(app\.js:10:5\)/);
  });

  test('feedback is saved and still there after a reload', async () => {
    await page.goto(`${stack.url}/traces/${traceId(2)}?project=${PROJECT}`);
    await page.waitForSelector('[data-testid=feedback-box]');
    await page.click('.fb-btn.fb-incorrect');
    await page.fill('input[name=feedback-comment]', 'shipping answer is outdated');
    await page.click('[data-testid=feedback-box] button.primary');
    await page.waitForSelector('[data-testid=feedback-box] .feedback-badge[data-feedback=incorrect]');
    await page.reload();
    await page.waitForSelector('[data-testid=feedback-box] .feedback-badge[data-feedback=incorrect]');
    assert.equal(await page.inputValue('input[name=feedback-comment]'), 'shipping answer is outdated');
    assert.equal(await page.getAttribute('.fb-btn.fb-incorrect', 'aria-pressed'), 'true');
    await stack.screenshot(page, 'trace-detail-feedback');
  });

  test('feedback lands in the store, shows on the list and filters it', async () => {
    // Depends on the previous test's verdict on trace 2; set it here too so this test stands alone.
    if ((await stack.store.getFeedback(PROJECT, traceId(2)))?.label !== 'incorrect') {
      await stack.store.setFeedback(PROJECT, traceId(2), { label: 'incorrect', comment: 'shipping answer is outdated', createdAt: new Date().toISOString() });
    }
    const stored = await stack.store.getFeedback(PROJECT, traceId(2));
    assert.equal(stored?.comment, 'shipping answer is outdated');

    await page.goto(`${stack.url}/`);
    await page.waitForSelector(`tr[data-trace-id="${traceId(2)}"] .feedback-badge[data-feedback=incorrect]`);
    await page.selectOption('select[name=feedback]', 'incorrect');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=traces-table] tbody tr').length === 1);
    assert.deepEqual(await rowIds(), [traceId(2)]);
    assert.match(page.url(), /feedback=incorrect/);
    await stack.screenshot(page, 'traces-feedback-filter');

    await page.selectOption('select[name=feedback]', 'none');
    await page.waitForFunction((id) => {
      const rows = [...document.querySelectorAll('[data-testid=traces-table] tbody tr')].map((r) => r.getAttribute('data-trace-id'));
      return rows.length > 0 && !rows.includes(id);
    }, traceId(2));
    assert.ok(!(await rowIds()).includes(traceId(2)));
    // A shared link reproduces the filtered view.
    await page.goto(`${stack.url}/?feedback=correct`);
    await page.waitForSelector('.empty:text("No traces match these filters.")');
    assert.equal(await page.inputValue('select[name=feedback]'), 'correct');
  });

  test('a 10,000-span trace opens with a small DOM and scrolls to its last span', async () => {
    await stack.store.ingest(bigTrace(7, 10_000));
    await page.goto(`${stack.url}/traces/${traceId(7)}?project=${PROJECT}`);
    await page.waitForSelector('[data-testid=waterfall] .wf-row');
    assert.match(await page.innerText('.waterfall-header'), /10000/);
    // Deep levels start folded on big traces; expand everything below the root's steps.
    await page.evaluate(() => {
      for (const caret of document.querySelectorAll('.wf-caret')) if (caret.textContent === '▸') caret.click();
    });
    const rendered = await page.$$eval('.wf-row', (rows) => rows.length);
    assert.ok(rendered < 200, `only visible rows are in the DOM (got ${rendered})`);
    await page.$eval('.waterfall-scroll', (el) => {
      el.scrollTop = el.scrollHeight;
    });
    await page.waitForFunction(() => [...document.querySelectorAll('.wf-name')].some((e) => e.textContent === 'last-span'));
    await stack.screenshot(page, 'trace-detail-big');
  });
});

describe('trace detail on big traces', () => {
  test('opening the 10,000-span trace loads ONE outline; clicking a span loads only that span', async () => {
    await stack.store.ingest(bigTrace(7, 10_000));
    const api = [];
    const onRequest = (request) => {
      const path = new URL(request.url()).pathname;
      if (path.startsWith('/api/traces/')) api.push(path);
    };
    page.on('request', onRequest);
    try {
      await page.goto(`${stack.url}/traces/${traceId(7)}?project=${PROJECT}`);
      await page.waitForSelector('[data-testid=waterfall] .wf-row');
      // The root is selected on open: its payload is the only span fetched so far.
      await page.waitForSelector('[data-testid=span-panel]');
      const traceBase = `/api/traces/${traceId(7)}`;
      assert.deepEqual(api.filter((p) => p === `${traceBase}/outline`).length, 1, api.join('\n'));
      assert.equal(api.filter((p) => p === traceBase).length, 0, 'the full trace is never requested');
      assert.equal(api.filter((p) => p.includes('/spans/')).length, 1);

      api.length = 0;
      const row = page.locator('.wf-row:has(.wf-name:text-is("step-200"))');
      const clickedId = await row.getAttribute('data-span-id');
      await row.click();
      await page.waitForFunction((id) => document.querySelector('[data-testid=span-panel]')?.textContent?.includes(id), clickedId);
      assert.deepEqual(api.filter((p) => p.includes('/spans/')), [`${traceBase}/spans/${clickedId}`]);
      assert.equal(api.filter((p) => p.endsWith('/outline') || p === traceBase).length, 0);
      // Back to the root: served from the page's cache, no new request.
      await page.click('.wf-row:has(.wf-name:text-is("batch_job"))');
      await page.waitForFunction(() => document.querySelector('[data-testid=span-panel] h3')?.textContent === 'batch_job');
      assert.equal(api.filter((p) => p.includes('/spans/')).length, 1);
    } finally {
      page.off('request', onRequest);
    }
  });

  test('"Expand all" and "Collapse to depth 2" fold the whole tree; carets still toggle one node', async () => {
    await stack.store.ingest(bigTrace(7, 10_000));
    await page.goto(`${stack.url}/traces/${traceId(7)}?project=${PROJECT}`);
    await page.waitForSelector('[data-testid=waterfall] .wf-row');
    const waitShown = (n) => page.waitForFunction((k) => document.querySelector('.tree-tools')?.textContent?.includes(`${k} of 10000 rows shown`), n);
    await waitShown(10_000);
    // Two levels: the root and its 100 direct children.
    await page.click('[data-testid=collapse-depth-2]');
    await waitShown(101);
    assert.equal(await page.locator('.wf-caret:text-is("▾")').count(), 1);
    // One caret: its hidden descendants appear, and fold away again.
    const row = page.locator('.wf-row:has(.wf-name:text-is("step-2"))');
    const hidden = Number((await row.locator('.wf-hidden').innerText()).slice(1));
    assert.ok(hidden > 0);
    await row.locator('.wf-caret').click();
    await waitShown(101 + hidden);
    const names = await page.$$eval('.wf-row .wf-name', (els) => els.map((e) => e.textContent));
    assert.deepEqual(names.slice(0, 4), ['batch_job', 'step-1', 'step-2', 'step-101']);
    await row.locator('.wf-caret').click();
    await waitShown(101);
    await page.click('[data-testid=expand-all]');
    await waitShown(10_000);
    assert.equal(await page.locator('.wf-caret:text-is("▸")').count(), 0);
  });

  test('a root with 500 direct children keeps tree rows visible and caps the step breakdown', async () => {
    await stack.store.ingest(wideTrace(12, 500));
    await page.goto(`${stack.url}/traces/${traceId(12)}?project=${PROJECT}`);
    await page.waitForSelector('[data-testid=waterfall] .wf-row');
    const steps = await page.innerText('[data-testid=step-breakdown]');
    assert.match(steps, /… 492 more steps \(\d+%\)/);
    assert.equal(await page.locator('[data-testid=step-breakdown] .step .swatch').count(), 8);
    const scroll = await page.locator('.waterfall-scroll').boundingBox();
    assert.ok(scroll && scroll.height >= 150, `the tree keeps room for rows (got ${scroll?.height}px)`);
    const visible = await page.$$eval('.wf-row', (rows) => {
      const box = document.querySelector('.waterfall-scroll').getBoundingClientRect();
      return rows.filter((r) => {
        const b = r.getBoundingClientRect();
        return b.height > 0 && b.top >= box.top - 1 && b.bottom <= box.bottom + 1 && b.bottom <= window.innerHeight;
      }).length;
    });
    assert.ok(visible >= 5, `tree rows are on screen (got ${visible})`);
    await stack.screenshot(page, 'trace-detail-wide');
  });
});

describe('untrusted content', () => {
  test('script and onerror payloads in prompts, outputs and attribute names never run and show as text', async () => {
    const xssPage = await stack.newPage();
    await xssPage.addInitScript(() => {
      window.alert = () => {
        window.__alerted = true;
      };
    });
    const response = await xssPage.goto(`${stack.url}/`);
    const csp = response.headers()['content-security-policy'] ?? '';
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(response.headers()['x-content-type-options'], 'nosniff');
    await xssPage.waitForSelector(`tr[data-trace-id="${traceId(5)}"]`);
    assert.match(await xssPage.innerText(`tr[data-trace-id="${traceId(5)}"]`), /<img src=x onerror="window.__pwned = 1">/);

    await xssPage.goto(`${stack.url}/traces/${traceId(5)}?project=${PROJECT}`);
    await xssPage.waitForSelector('[data-testid=span-panel]');
    const rootPanel = await xssPage.innerText('[data-testid=span-panel]');
    assert.ok(rootPanel.includes(XSS.script), 'input shown literally');
    assert.ok(rootPanel.includes(XSS.attrName), 'attribute name shown literally');
    await xssPage.click(`.wf-row[data-span-id="${'0000000000500002'}"]`);
    await xssPage.waitForSelector('.message');
    const llmPanel = await xssPage.innerText('[data-testid=span-panel]');
    assert.ok(llmPanel.includes(XSS.img), 'completion shown literally');
    assert.ok(llmPanel.includes(XSS.script), 'prompt shown literally');
    await xssPage.goto(`${stack.url}/sessions/sess-xss?project=${PROJECT}`);
    await xssPage.waitForSelector('.turn');
    await xssPage.goto(`${stack.url}/llm-calls`);
    await xssPage.waitForSelector('[data-testid=llm-calls-table] tbody tr');
    await xssPage.click('[data-testid=llm-calls-table] tbody tr:first-child');
    await xssPage.waitForSelector('tr.expanded .message');
    await xssPage.goto(`${stack.url}/stats`);
    await xssPage.waitForSelector('[data-testid=charts] canvas');
    assert.ok((await xssPage.innerText('[data-testid=charts]')).includes(XSS.img), 'model name shown literally in the chart legend');
    await xssPage.waitForTimeout(300);
    assert.equal(await xssPage.evaluate(() => window.__pwned), undefined);
    assert.equal(await xssPage.evaluate(() => window.__alerted), undefined);
    assert.equal(await xssPage.evaluate(() => document.querySelectorAll('img[src="x"], #root script').length), 0);
    assert.deepEqual(xssPage.dialogs, []);
    assert.deepEqual(xssPage.errors, []);
    await stack.screenshot(xssPage, 'xss');
    await xssPage.close();
  });
});

describe('other pages', () => {
  test('session page shows each turn in order with totals', async () => {
    await page.goto(`${stack.url}/traces/${traceId(1)}?project=${PROJECT}`);
    await page.click('.trace-meta a:text-is("sess-1")');
    await page.waitForSelector('.turn');
    assert.match(page.url(), /\/sessions\/sess-1/);
    const turns = await page.$$eval('.turn', (els) => els.map((e) => e.getAttribute('data-trace-id')));
    assert.deepEqual(turns, [traceId(1), traceId(2)]);
    const first = await page.innerText('.turn:first-child');
    assert.match(first, /What is the refund policy for order 12345\?/);
    assert.match(first, /Refunds take 14 days\./);
    const totals = await page.innerText('[data-testid=session-totals]');
    assert.match(totals, /TURNS\s+2/i);
    assert.match(totals, /1\.60 s/);
    assert.match(totals, /\$0\.0246/);
    await stack.screenshot(page, 'session');
  });

  test('LM calls page lists calls across traces and filters by model', async () => {
    await page.goto(`${stack.url}/llm-calls`);
    await page.waitForSelector('[data-testid=llm-calls-table] tbody tr');
    const all = await page.$$eval('[data-testid=llm-calls-table] tbody tr', (rows) => rows.length);
    assert.ok(all >= 4, `calls from several traces (got ${all})`);
    await page.fill('input[name=model]', 'gpt-4o-mini');
    await page.press('input[name=model]', 'Enter');
    await page.waitForFunction(() => !document.body.innerText.includes(' onerror='));
    const models = await page.$$eval('[data-testid=llm-calls-table] tbody tr td:nth-child(3)', (tds) => [...new Set(tds.map((t) => t.textContent))]);
    assert.deepEqual(models, ['gpt-4o-mini']);
    await page.click('[data-testid=llm-calls-table] tbody tr:first-child');
    await page.waitForSelector('tr.expanded .message[data-role=system]');
    await stack.screenshot(page, 'llm-calls');
  });

  test('stats page shows totals and charts', async () => {
    await page.goto(`${stack.url}/stats?project=${PROJECT}`);
    await page.waitForSelector('[data-testid=stats-totals]');
    await page.waitForSelector('[data-testid=charts] canvas');
    const totals = await page.innerText('[data-testid=stats-totals]');
    assert.match(totals, /TRACES\s+\d+/i);
    const canvases = await page.$$eval('[data-testid=charts] canvas', (c) => c.length);
    assert.equal(canvases, 4);
    const steps = await page.innerText('[data-testid=slowest-steps]');
    assert.match(steps, /answer/);
    assert.match(steps, /retrieve/);
    await stack.screenshot(page, 'stats');
  });
});

void NOW_US;

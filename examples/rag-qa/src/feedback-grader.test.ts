import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FeedbackSender, isCorrect } from './feedback-grader.js';
import type { DemoQuestion } from './questions.js';

const refund: DemoQuestion = { id: 'q01', kind: 'answerable', question: 'How many days?', expectedDoc: 'refund-policy', expectedAnswer: 'within 30 days' };

test('grading: the expected answer must appear, ignoring case and punctuation', () => {
  assert.equal(isCorrect(refund, 'Answer: You can ask for a refund WITHIN 30 days.'), true);
  assert.equal(isCorrect(refund, 'Answer: within 14 days.'), false);
  assert.equal(isCorrect(refund, "I don't know."), false);
});

test('feedback is PUT to the server, retried while the trace has not arrived yet', async () => {
  const seen: { url: string; body: { label: string; comment: string } }[] = [];
  let notYet = 2;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d)).on('end', () => {
      if (notYet-- > 0) return void res.writeHead(404).end('{"error":"trace not found"}');
      seen.push({ url: `${req.method} ${req.url}`, body: JSON.parse(body) });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const lines: string[] = [];
  const sender = new FeedbackSender({ serverUrl: url, log: (l) => lines.push(l), retryDelayMs: 10, attempts: 4 });
  sender.send('a'.repeat(32), refund, 'Within 14 days.');
  for (let i = 0; i < 200 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  server.close();
  assert.equal(seen.length, 1);
  assert.equal(seen[0]!.url, `PUT /api/traces/${'a'.repeat(32)}/feedback`);
  assert.equal(seen[0]!.body.label, 'incorrect');
  assert.match(seen[0]!.body.comment, /expected "within 30 days"/);
  assert.deepEqual(lines, []);
});

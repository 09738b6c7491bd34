import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAnswer } from './answer-format.js';
import { loadCorpus } from './corpus.js';
import { loadQuestions } from './questions.js';
import { rerank } from './reranker.js';
import { Bm25Retriever } from './retriever.js';
import { seededRandom, TrafficPlanner } from './traffic.js';

const corpus = loadCorpus();
const retriever = new Bm25Retriever(corpus);
const questions = loadQuestions();

test('the shipped corpus and questions are well-formed', () => {
  assert.ok(corpus.length >= 25 && corpus.length <= 40, `corpus has ${corpus.length} documents`);
  for (const d of corpus) assert.ok(d.id && d.title && d.content.length > 50, d.id);
  assert.ok(questions.length >= 35);
  const ids = new Set(corpus.map((d) => d.id));
  for (const q of questions) if (q.expectedDoc) assert.ok(ids.has(q.expectedDoc), `${q.id} cites ${q.expectedDoc}`);
  for (const kind of ['answerable', 'typo', 'order', 'out_of_corpus']) assert.ok(questions.some((q) => q.kind === kind), kind);
});

test('BM25 ranks the document holding the answer first for every answerable question', () => {
  for (const q of questions.filter((q) => q.kind === 'answerable')) {
    const hits = retriever.search(q.question, 5);
    assert.equal(hits[0]?.id, q.expectedDoc, `${q.id}: ${q.question} → ${hits.map((h) => h.id).join(', ')}`);
    for (let i = 1; i < hits.length; i++) assert.ok(hits[i - 1]!.score >= hits[i]!.score);
  }
});

test('retrieval finds specific documents by their distinctive words', () => {
  assert.equal(retriever.search('refund window')[0]?.id, 'refund-policy');
  assert.equal(retriever.search('SAML Okta')[0]?.id, 'sso');
  assert.deepEqual(retriever.search('zebra quantum'), []);
});

test('rerank keeps at most k documents above both score floors', () => {
  const docs = [
    { id: 'a', title: 'A', content: '', score: 10 },
    { id: 'b', title: 'B', content: '', score: 5 },
    { id: 'c', title: 'C', content: '', score: 3.9 },
    { id: 'd', title: 'D', content: '', score: 4.5 },
  ];
  assert.deepEqual(rerank(docs).map((d) => d.id), ['a', 'b', 'd']);
  assert.deepEqual(rerank(docs, { topK: 2 }).map((d) => d.id), ['a', 'b']);
  assert.deepEqual(rerank(docs, { minScore: 12 }), []);
  // An off-topic question leaves no context for the model.
  assert.deepEqual(rerank(retriever.search('What is the capital of France?')), []);
});

test('parseAnswer reads Answer and Citations fields', () => {
  assert.deepEqual(parseAnswer('Answer: Refunds take 30 days.\nCitations: [refund-policy], [billing-cycle]'), {
    answer: 'Refunds take 30 days.',
    citations: ['refund-policy', 'billing-cycle'],
  });
  assert.deepEqual(parseAnswer("Answer: I don't know.\nCitations: none"), { answer: "I don't know.", citations: [] });
  assert.deepEqual(parseAnswer('Just some prose.'), { answer: 'Just some prose.', citations: [] });
});

test('the traffic planner varies users, keeps multi-turn sessions and injects failures at the given rate', () => {
  const planner = new TrafficPlanner({ questions, model: 'm', slowModel: 'm-slow', failureRate: 0.05, slowRate: 0.1, random: seededRandom(7) });
  const plan = Array.from({ length: 2000 }, () => planner.next());
  assert.ok(new Set(plan.map((p) => p.userId)).size >= 25);
  const failures = plan.filter((p) => p.injectedFailure);
  assert.ok(failures.length > 40 && failures.length < 170, `${failures.length} failures`);
  for (const f of failures) assert.match(f.text, /\[\[fail:500\]\]$/);
  assert.ok(plan.some((p) => p.slow && p.model === 'm-slow'));
  assert.ok(plan.some((p) => p.turn >= 3), 'some sessions have several turns');
  // Each session belongs to one user.
  const owner = new Map<string, string>();
  for (const p of plan) assert.equal(owner.get(p.sessionId) ?? (owner.set(p.sessionId, p.userId), p.userId), p.userId);

  const again = new TrafficPlanner({ questions, model: 'm', random: seededRandom(7) });
  const first = new TrafficPlanner({ questions, model: 'm', random: seededRandom(7) });
  assert.deepEqual(Array.from({ length: 20 }, () => again.next()), Array.from({ length: 20 }, () => first.next()));
});

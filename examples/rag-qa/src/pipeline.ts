import type OpenAI from 'openai';
import { retrieval, step, trace } from '@loupe/sdk';
import { answerWithContext } from './answerer.js';
import { loadCorpus } from './corpus.js';
import { rerank, type RerankOptions } from './reranker.js';
import { Bm25Retriever } from './retriever.js';

export const DEFAULT_MODEL = 'gpt-4o-mini';

export interface AnswerOptions {
  userId?: string;
  sessionId?: string;
  /** Chat model name. Default {@link DEFAULT_MODEL}. */
  model?: string;
  /** Documents fetched before reranking. Default 5. */
  retrieveK?: number;
  rerank?: RerankOptions;
  /** Defaults to a retriever over the shipped corpus, built once. */
  retriever?: Bm25Retriever;
  /** Extra trace metadata. */
  metadata?: Record<string, unknown>;
}

export interface AnswerOutcome {
  answer: string;
  /** Ids of the documents (or tools) the answer cites. */
  citations: string[];
  traceId: string;
}

let shippedRetriever: Bm25Retriever | undefined;

/** The retriever over `examples/rag-qa/corpus`, built on first use. */
export function defaultRetriever(): Bm25Retriever {
  shippedRetriever ??= new Bm25Retriever(loadCorpus());
  return shippedRetriever;
}

/**
 * Answers one question as one traced request `rag_qa`, whose steps are `retrieve` (BM25),
 * `rerank` (score floor + top k) and `answer` (the LM call, and when the model asks for it
 * the `lookup_order` tool and a second LM call). Errors (a failed LM call) are recorded on the
 * trace and rethrown.
 */
export async function answerQuestion(client: OpenAI, question: string, options: AnswerOptions = {}): Promise<AnswerOutcome> {
  const model = options.model ?? DEFAULT_MODEL;
  const retriever = options.retriever ?? defaultRetriever();
  return trace(
    'rag_qa',
    async (span) => {
      const retrieved = await retrieval(
        'retrieve',
        (r) => {
          const docs = retriever.search(question, options.retrieveK ?? 5);
          r.setDocuments(docs.map((d) => ({ id: d.id, content: d.content, score: d.score, metadata: { title: d.title } })));
          return docs;
        },
        { query: question },
      );
      const passages = await step('rerank', () => rerank(retrieved, options.rerank), {
        inputs: { documents: retrieved.map((d) => ({ id: d.id, score: d.score })), ...options.rerank },
      });
      const result = await step('answer', () => answerWithContext(client, model, question, passages), {
        inputs: { question, passages: passages.map((p) => p.id) },
      });
      const outcome = { answer: result.answer, citations: result.citations, traceId: span.traceId };
      span.setOutput({ answer: result.answer, citations: result.citations });
      return outcome;
    },
    {
      inputs: { question },
      userId: options.userId,
      sessionId: options.sessionId,
      metadata: { model, ...options.metadata },
    },
  );
}

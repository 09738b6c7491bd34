import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `answerable` (in the corpus), `typo` (answerable, misspelt), `order` (needs the order tool), `out_of_corpus`. */
export type QuestionKind = 'answerable' | 'typo' | 'order' | 'out_of_corpus';

/** One entry of `questions.json`. */
export interface DemoQuestion {
  id: string;
  kind: QuestionKind;
  question: string;
  /** The corpus document holding the answer, when there is one. */
  expectedDoc: string | null;
  /** Text a correct answer contains (`I don't know.` for out-of-corpus questions). */
  expectedAnswer: string;
}

export const QUESTIONS_PATH = fileURLToPath(new URL('../questions.json', import.meta.url));

export function loadQuestions(path: string = QUESTIONS_PATH): DemoQuestion[] {
  return JSON.parse(readFileSync(path, 'utf8')) as DemoQuestion[];
}

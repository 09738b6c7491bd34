import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One document of the shipped Acme Cloud knowledge base. */
export interface CorpusDocument {
  /** The file name without `.md` (`refund-policy`). */
  id: string;
  /** The `# Title` line. */
  title: string;
  /** The text after the title. */
  content: string;
}

/** `examples/rag-qa/corpus`, found relative to this module (it runs from `dist/`). */
export const CORPUS_DIR = fileURLToPath(new URL('../corpus/', import.meta.url));

/** Reads every `*.md` file of `dir`, sorted by id so the corpus order is stable. */
export function loadCorpus(dir: string = CORPUS_DIR): CorpusDocument[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      const [first, ...rest] = text.split('\n');
      const title = first!.replace(/^#\s*/, '').trim();
      return { id: file.replace(/\.md$/, ''), title, content: rest.join('\n').trim() };
    });
}

import { parseJson, str, text } from '../attr-read.js';
import type { Dialect } from '../dialect.js';
import { llmOf, offerFirst, offerText } from '../span-draft.js';

/**
 * The three attributes Loupe's own SDK adds on top of OpenInference and GenAI names: the
 * provider's raw response body, the fields the app parsed out of it, and a retrieval's query.
 */
export const loupe: Dialect = {
  name: 'loupe',

  detect(index) {
    return index.has('loupe');
  },

  apply(_raw, d, index) {
    const a = index.attrs;
    const rawResponse = str(a['loupe.llm.raw_response']);
    if (rawResponse !== undefined) offerFirst(llmOf(d), 'rawResponse', rawResponse);
    const parsed = a['loupe.llm.parsed'];
    if (parsed !== undefined && parsed !== null) {
      // Parsed fields are JSON text; keep the text itself if it is not valid JSON.
      offerFirst(llmOf(d), 'parsed', typeof parsed === 'string' ? (parseJson(parsed) ?? parsed) : parsed);
    }
    offerText(d, 'query', text(a['loupe.retrieval.query']));
  },
};

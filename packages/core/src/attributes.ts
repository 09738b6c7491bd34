/** An OTel attribute value after decoding: scalars or homogeneous arrays. 64-bit ints become numbers. */
export type AttrValue = string | number | boolean | AttrValue[] | null;

/** Flat attribute map, keys exactly as sent (`gen_ai.request.model`, `llm.input_messages.0.message.role`, …). */
export type Attributes = Record<string, AttrValue>;

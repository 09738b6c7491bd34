import type OpenAI from 'openai';

/** The function tool the answerer offers the model. */
export const LOOKUP_ORDER_TOOL: OpenAI.ChatCompletionFunctionTool = {
  type: 'function',
  function: {
    name: 'lookup_order',
    description: 'Look up the status and shipping details of a customer order by its order number.',
    parameters: {
      type: 'object',
      properties: { order_id: { type: 'string', description: 'The order number, like A-1042.' } },
      required: ['order_id'],
      additionalProperties: false,
    },
  },
};

export interface OrderRecord {
  order_id: string;
  status: 'processing' | 'shipped' | 'delivered' | 'cancelled' | 'delayed';
  item: string;
  /** One-sentence summary the model can quote. */
  message: string;
}

/** The demo's order database: fixed, so answers about orders are checkable. */
export const ORDERS: ReadonlyMap<string, OrderRecord> = new Map(
  (
    [
      ['A-1042', 'shipped', '2 × Edge Box', 'Order A-1042 (2 × Edge Box) shipped from Rotterdam on March 3 and should arrive by March 6.'],
      ['A-1043', 'processing', '1 × Edge Box', 'Order A-1043 (1 × Edge Box) is being prepared and will ship within 3 business days.'],
      ['A-2001', 'delivered', '4 × Edge Box', 'Order A-2001 (4 × Edge Box) was delivered on February 20.'],
      ['A-2002', 'cancelled', '1 × Edge Box', 'Order A-2002 (1 × Edge Box) was cancelled and refunded to the original card.'],
      ['B-3100', 'delayed', '10 × Edge Box', 'Order B-3100 (10 × Edge Box) is delayed at the Ohio warehouse; the new ship date is March 12.'],
    ] as const
  ).map(([order_id, status, item, message]) => [order_id, { order_id, status, item, message }]),
);

export type OrderLookupResult = OrderRecord | { order_id: string; error: string; message: string };

/** Looks an order up (case-insensitively); unknown numbers give an error result, not an exception. */
export function lookupOrder(orderId: string): OrderLookupResult {
  const id = orderId.trim().toUpperCase();
  const order = ORDERS.get(id);
  if (order) return order;
  return { order_id: id, error: 'not_found', message: `No order with number ${id} was found.` };
}

/** Reads `order_id` from a tool call's JSON arguments; throws on malformed arguments. */
export function orderIdFromArguments(args: string): string {
  const parsed = JSON.parse(args) as { order_id?: unknown };
  if (typeof parsed.order_id !== 'string' || !parsed.order_id) throw new Error(`lookup_order needs an order_id, got ${args}`);
  return parsed.order_id;
}

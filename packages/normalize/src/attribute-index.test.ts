import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttributeIndex } from './attribute-index.js';

test('AttributeIndex regroups flattened lists by index and collects group members', () => {
  const index = new AttributeIndex({
    'llm.input_messages.1.message.role': 'user',
    'llm.input_messages.0.message.role': 'system',
    'llm.input_messages.1.message.content': 'Hi',
    'gen_ai.request.temperature': 0.2,
    'service.name': 'x',
  });
  assert.deepEqual(index.list('llm.input_messages.'), [{ 'message.role': 'system' }, { 'message.role': 'user', 'message.content': 'Hi' }]);
  assert.deepEqual(index.group('gen_ai.request.'), { temperature: 0.2 });
  assert.ok(index.has('llm') && index.has('gen_ai') && index.has('service'));
  assert.ok(!index.has('retrieval'));
});

test('a __proto__ sub-key stays data: it never becomes the prototype of a group or list entry', () => {
  const index = new AttributeIndex({
    'gen_ai.request.__proto__': ['polluted'],
    'llm.input_messages.0.__proto__': ['polluted'],
    'llm.input_messages.0.message.role': 'user',
  });
  const group = index.group('gen_ai.request.');
  assert.equal(Object.getPrototypeOf(group), Object.prototype);
  assert.deepEqual(Object.getOwnPropertyDescriptor(group, '__proto__')?.value, ['polluted']);
  const [entry] = index.list('llm.input_messages.');
  assert.equal(Object.getPrototypeOf(entry), Object.prototype);
  assert.equal(entry!['message.role'], 'user');
  assert.equal((entry as Record<string, unknown>)['length'], undefined, 'no array methods or fields inherited');
  assert.deepEqual(JSON.parse(JSON.stringify(entry)), JSON.parse('{"__proto__":["polluted"],"message.role":"user"}'));
});

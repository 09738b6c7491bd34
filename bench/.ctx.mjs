import { context, trace, ROOT_CONTEXT } from '@opentelemetry/api';
const mode = process.argv[2];
if (mode === 'loupe') { const sdk = await import('@loupe/sdk'); sdk.init({ serviceName: 'x' }); }
else { const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks'); context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable()); }
const N = 1e6; const k = ROOT_CONTEXT.setValue(Symbol('a'), 1);
const h = {};
for (let r = 0; r < 5; r++) { const t0 = process.hrtime.bigint(); for (let i = 0; i < N; i++) context.with(k, (x) => x, undefined, h); console.log(mode, Number(process.hrtime.bigint() - t0) / N); }
console.log(context._getContextManager?.().constructor.name ?? '');

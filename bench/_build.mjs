import { ensureBigStore } from './lib/big-store.mjs';
await ensureBigStore({ traces: 100000, log: console.log });

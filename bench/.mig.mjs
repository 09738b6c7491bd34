import { openSqliteStore } from '@loupe/store';
const t = performance.now();
const s = openSqliteStore('/tmp/mig.db');
console.log('open+migrate ms', Math.round(performance.now() - t));
console.log(s.searchIndexStatus());
console.log((await s.listTraces({ contains: 'zirconium-kettle-4471' })).traces.length, (await s.stats({})).count);
await s.close();

import { createApp } from './app.js';
import { loadConfig } from './config.js';

const config = loadConfig();
const app = await createApp({ config });
const url = await app.listen();

console.log(`Lifeline is running at ${url}`);
console.log(`  demo product page : ${url}/`);
console.log(`  agent console     : ${url}/console`);
if (config.demo) {
  console.log(`  demo agent        : ${config.demoAgent.email} / ${config.demoAgent.password}`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app.close().then(() => process.exit(0));
  });
}

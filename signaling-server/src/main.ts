import { createApp } from './app.js';
import { type Config, loadConfig } from './config.js';

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  console.error(`Lifeline cannot start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
const app = await createApp({ config });
const url = await app.listen();

console.log(`Lifeline is running at ${url}`);
console.log(`  demo product page : ${url}/`);
console.log(`  agent console     : ${url}/console`);
if (config.demo) {
  console.log(`  demo agent        : ${config.demoAgent.email} / ${config.demoAgent.password}`);
}

// A deploy or `docker stop`: clients are told to reconnect (elsewhere), calls and places are
// kept in the store for the next process, and no call ends.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app.close().then(() => process.exit(0));
  });
}

import { runSasmita } from './program.js';

const code = await runSasmita(process.argv);
// `serve` keeps running after its command returns; everything else ends here.
if (code !== 0) process.exit(code);

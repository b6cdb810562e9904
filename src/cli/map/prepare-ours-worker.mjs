// Entry point of the worker thread that reads our companies export (prepare-ours-worker.ts). A new
// thread starts without the TypeScript loader the CLI runs under, so it registers its own.
import { register } from 'tsx/esm/api';

register();
await import('./prepare-ours-worker.ts');

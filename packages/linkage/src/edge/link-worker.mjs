// Worker entry: registers the TypeScript loader in this thread, then runs link-worker.ts.
import { register } from 'tsx/esm/api';

register();
await import('./link-worker.ts');

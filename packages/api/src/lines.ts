/**
 * The business lines this server runs — the one server list a new line is added to (ADR 0010). Nothing
 * in the platform imports this file: `startPlatform`, the test app, the access test, the demo seed and
 * the job commands receive it.
 */
import type { AnyLine } from '@social-affairs/core';
import { disabilityServerLine } from './routes/disability/line';
import { funeralServerLine } from './routes/funeral/line';
import { marriageServerLine } from './routes/marriage/line';
import { matchingServerLine } from './routes/matching/line';
import { rescueServerLine } from './routes/rescue/line';
import type { ServerLine } from './server-line';

export const serverLines: readonly ServerLine[] = [
  marriageServerLine,
  matchingServerLine,
  rescueServerLine,
  funeralServerLine,
  disabilityServerLine,
];

/** The core manifests of `serverLines`, in order. */
export const serverManifests: readonly AnyLine[] = serverLines.map((l) => l.manifest);

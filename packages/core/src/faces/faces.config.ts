/**
 * Configuration of face ranking (`platform.faces` in the configuration file; docs/faces.md). Every key has
 * a default; the module names are configuration so that a deployment (or a test) can point them at a
 * package that is not installed and see the capability report itself unavailable.
 */
import { z } from 'zod';
import type { CoreContext } from '../context';

export const faceConfigSchema = z
  .object({
    /** Off: the capability reports itself unavailable without looking for the packages. */
    enabled: z.boolean(),
    /**
     * Distance (Euclidean, 128-d) at or under which a hit is shown as 「相似度较高」. face-api's usual 0.6;
     * UNCALIBRATED for real photos of this platform (ADR 0025): it only colours hits, never filters them.
     */
    threshold: z.number().min(0).max(2),
    /** Largest k a search may ask for. */
    maxK: z.number().int().min(1).max(500),
    /** Detector's minimum confidence (SSD MobileNet v1). */
    minConfidence: z.number().min(0.05).max(0.99),
    /** Seconds between two looks for new photos while the API runs (0: only on demand). */
    followSeconds: z.number().int().min(0).max(3600),
    /**
     * Nice value of the worker thread (Linux; 0 leaves it as is): 19, the lowest priority, lets the API's
     * requests win the CPU while photos are embedded.
     */
    workerNice: z.number().int().min(0).max(19),
    /** Milliseconds the worker rests between two photos (the API's event loop catches up meanwhile). */
    pauseMs: z.number().int().min(0).max(10_000),
    /** (ownerType, kind) pairs whose photos are embedded. */
    faceKinds: z.array(z.object({ ownerType: z.string().min(1), kind: z.string().min(1) }).strict()),
    /** Package names the worker imports (ordinary npm names; optionalDependencies of the root package). */
    modules: z
      .object({
        faceApi: z.string().min(1),
        tfjs: z.string().min(1),
        wasmBackend: z.string().min(1),
        jpeg: z.string().min(1),
        png: z.string().min(1),
      })
      .strict(),
  })
  .strict();

export type FaceConfig = z.infer<typeof faceConfigSchema>;

/** The configuration file's `platform.faces`: every key optional, `modules` key by key. */
export const faceConfigFileSchema = faceConfigSchema
  .extend({ modules: faceConfigSchema.shape.modules.partial() })
  .partial()
  .strict();
export type FaceConfigInput = z.infer<typeof faceConfigFileSchema>;

export const DEFAULT_FACE_CONFIG: FaceConfig = {
  enabled: true,
  threshold: 0.6,
  maxK: 100,
  minConfidence: 0.3,
  followSeconds: 10,
  workerNice: 19,
  pauseMs: 20,
  faceKinds: [
    { ownerType: 'rescue_case', kind: 'photo' },
    { ownerType: 'rescue_case', kind: 'feature_photo' },
    { ownerType: 'person', kind: 'photo' },
    { ownerType: 'missing_person_report', kind: 'photo' },
  ],
  modules: {
    faceApi: '@vladmandic/face-api',
    tfjs: '@tensorflow/tfjs',
    wasmBackend: '@tensorflow/tfjs-backend-wasm',
    jpeg: 'jpeg-js',
    png: 'pngjs',
  },
};

/** The context's face configuration: the defaults under `ctx.config.faces`. */
export function faceConfig(ctx: CoreContext): FaceConfig {
  const given = ctx.config.faces ?? {};
  return {
    ...DEFAULT_FACE_CONFIG,
    ...given,
    modules: { ...DEFAULT_FACE_CONFIG.modules, ...given.modules },
  };
}

/** Whether photos of this owner type and purpose carry a face to embed. */
export function isFaceKind(config: FaceConfig, ownerType: string, kind: string): boolean {
  return config.faceKinds.some((f) => f.ownerType === ownerType && f.kind === kind);
}

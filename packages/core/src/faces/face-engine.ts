/**
 * The face engine of one process (docs/faces.md, ADR 0025): whether the optional face packages are
 * installed, and one worker thread (face-worker.mjs) started on the first photo and fed one photo at a
 * time from a queue, so detection and descriptors never run on the API's event loop. The worker is
 * `unref`'d (it never keeps a process alive) and terminated by `closeFaces` (the API closes it with the
 * server). The packages are resolved by the names in the configuration, so pointing one at a package that
 * is not installed shows the unavailable branch without any mock.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { CoreContext } from '../context';
import { faceConfig, type FaceConfig } from './faces.config';

export interface DetectedFace {
  box: { x: number; y: number; width: number; height: number };
  score: number;
  descriptor: Float32Array;
}

export interface EmbedResult {
  /** Largest face first. */
  faces: DetectedFace[];
  width: number;
  height: number;
  /** Worker time: decode + detection + landmarks + descriptors. */
  elapsedMs: number;
  /** Process RSS seen by the worker after the photo. */
  rss: number;
}

export interface EmbedJob {
  /** A file to read, or the bytes themselves (the bench). */
  path?: string;
  bytes?: Uint8Array;
  mediaType: 'image/jpeg' | 'image/png';
}

export interface Availability {
  available: boolean;
  /** Chinese, when unavailable. */
  reason: string | null;
}

interface Pending {
  id: number;
  job: EmbedJob;
  resolve: (r: EmbedResult) => void;
  reject: (e: Error) => void;
}

type WorkerMessage =
  | { type: 'ready'; model: string; loadMs: number; renicedThread: number | null; nice: number }
  | { type: 'init-failed'; error: string }
  | ({ type: 'result'; id: number; ok: true } & EmbedResult)
  | { type: 'result'; id: number; ok: false; error: string };

export const FACE_COMPONENTS_MISSING = '人脸比对组件未安装';

export class FaceEngine {
  private worker: Worker | undefined;
  private ready: Promise<void> | undefined;
  private readonly queue: Pending[] = [];
  private inFlight: Pending | undefined;
  private nextId = 1;
  private failure: string | undefined;
  private checked: Availability | undefined;
  /** The model named by the worker once loaded. */
  model: string | null = null;
  /** Milliseconds the worker took to load the packages and weights. */
  loadMs: number | null = null;
  /** The worker's thread id when its priority was lowered (Linux), else null. */
  renicedThread: number | null = null;
  private resting: NodeJS.Timeout | undefined;

  constructor(readonly config: FaceConfig) {}

  /** Whether every configured package resolves (checked once) and the worker has not failed to load them. */
  availability(): Availability {
    if (this.failure)
      return { available: false, reason: `${FACE_COMPONENTS_MISSING}或无法加载：${this.failure}` };
    if (this.checked) return this.checked;
    if (!this.config.enabled) {
      this.checked = { available: false, reason: '人脸比对已在配置中关闭（platform.faces.enabled）' };
      return this.checked;
    }
    const require = createRequire(import.meta.url);
    const missing = Object.values(this.config.modules).filter((name) => {
      try {
        require.resolve(`${name}/package.json`);
        return false;
      } catch {
        return true;
      }
    });
    this.checked = missing.length
      ? {
          available: false,
          reason: `${FACE_COMPONENTS_MISSING}（缺少 ${missing.join('、')}）：请以 npm install（含可选依赖）安装后重启服务`,
        }
      : { available: true, reason: null };
    return this.checked;
  }

  get queueLength(): number {
    return this.queue.length + (this.inFlight ? 1 : 0);
  }

  /** Whether the worker thread is running. */
  get started(): boolean {
    return this.worker !== undefined;
  }

  /** Queues one photo; resolves with the faces found. Rejects when the components are unavailable. */
  embed(job: EmbedJob): Promise<EmbedResult> {
    const available = this.availability();
    if (!available.available) return Promise.reject(new Error(available.reason ?? FACE_COMPONENTS_MISSING));
    return new Promise<EmbedResult>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, resolve, reject });
      this.pump();
    });
  }

  /** Resolves when the worker has loaded the packages and weights (starting it if needed). */
  async warmUp(): Promise<void> {
    const available = this.availability();
    if (!available.available) throw new Error(available.reason ?? FACE_COMPONENTS_MISSING);
    await this.start();
  }

  private start(): Promise<void> {
    if (this.ready) return this.ready;
    const worker = new Worker(new URL('./face-worker.mjs', import.meta.url), {
      workerData: {
        modules: this.config.modules,
        minConfidence: this.config.minConfidence,
        resolveFrom: import.meta.url,
        nice: this.config.workerNice,
      },
    });
    worker.unref();
    this.worker = worker;
    this.ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'ready') {
          this.model = m.model;
          this.loadMs = m.loadMs;
          this.renicedThread = m.renicedThread;
          resolve();
        } else if (m.type === 'init-failed') {
          this.fail(m.error.split('\n')[0] ?? m.error);
          reject(new Error(m.error));
        } else this.settle(m);
      });
      worker.on('error', (err) => {
        this.fail(err.message);
        reject(err);
      });
      worker.on('exit', () => {
        if (this.worker === worker) {
          this.worker = undefined;
          this.ready = undefined;
          const lost = this.inFlight;
          this.inFlight = undefined;
          lost?.reject(new Error('face worker exited'));
          if (this.queue.length) this.pump();
        }
      });
    });
    // A rejection is reported through the jobs; nobody else may be awaiting it.
    this.ready.catch(() => undefined);
    return this.ready;
  }

  private fail(reason: string): void {
    this.failure = reason;
    const pending = [...(this.inFlight ? [this.inFlight] : []), ...this.queue.splice(0)];
    this.inFlight = undefined;
    for (const p of pending) p.reject(new Error(reason));
    void this.worker?.terminate();
  }

  private settle(m: Extract<WorkerMessage, { type: 'result' }>): void {
    const p = this.inFlight;
    if (!p || p.id !== m.id) return;
    this.inFlight = undefined;
    if (m.ok) {
      p.resolve({ faces: m.faces, width: m.width, height: m.height, elapsedMs: m.elapsedMs, rss: m.rss });
    } else p.reject(new Error(m.error));
    // Rest between photos: the result is written and waiting requests run before the next photo starts.
    if (this.config.pauseMs > 0 && this.queue.length > 0) {
      this.resting = setTimeout(() => {
        this.resting = undefined;
        this.pump();
      }, this.config.pauseMs);
    } else setImmediate(() => this.pump());
  }

  private pump(): void {
    if (this.inFlight || this.resting || this.queue.length === 0 || this.failure) return;
    const next = this.queue.shift()!;
    this.inFlight = next;
    this.start().then(
      () => {
        const { path, bytes, mediaType } = next.job;
        this.worker?.postMessage({ id: next.id, path, bytes, mediaType });
      },
      () => undefined, // fail() has rejected every job
    );
  }

  /** Stops the worker; queued photos are rejected (their rows stay pending and are picked up again). */
  async close(): Promise<void> {
    if (this.resting) clearTimeout(this.resting);
    this.resting = undefined;
    const pending = [...(this.inFlight ? [this.inFlight] : []), ...this.queue.splice(0)];
    this.inFlight = undefined;
    for (const p of pending) p.reject(new Error('face engine closed'));
    const worker = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    if (worker) await worker.terminate();
  }
}

const engines = new WeakMap<CoreContext, FaceEngine>();

/** The context's face engine (created on first use, with the context's configuration). */
export function faceEngine(ctx: CoreContext): FaceEngine {
  let engine = engines.get(ctx);
  if (!engine) engines.set(ctx, (engine = new FaceEngine(faceConfig(ctx))));
  return engine;
}

/** Stops the context's face worker, if one was started (the API calls it when the server closes). */
export async function closeFaceEngine(ctx: CoreContext): Promise<void> {
  const engine = engines.get(ctx);
  engines.delete(ctx);
  await engine?.close();
}

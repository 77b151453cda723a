// The face worker thread (docs/faces.md, ADR 0025): one per process, started lazily by face-engine.ts,
// one photo at a time. Plain JavaScript (no build step), like db/checkpoint-worker.mjs: scripts/build.mjs
// copies it next to the server bundle. The optional packages (face-api, tfjs, the WASM backend, the JPEG
// and PNG decoders) are imported here only, by the names the main thread passes, so a process without
// them never loads them; the weights come from face-api's own `model` folder and the WASM binaries from
// the backend package's `dist` folder — nothing is downloaded.
import { readlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { setPriority } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

const { modules, minConfidence, resolveFrom, nice } = workerData;

/**
 * Lowers this thread's CPU priority so the API's event loop wins the CPU while a photo is embedded (ADR
 * 0025). On Linux a thread has its own nice value: `/proc/thread-self` links to `<pid>/task/<tid>` and
 * setpriority(tid) changes that thread only (raising the nice value needs no privilege). Elsewhere, or if
 * anything fails, the thread keeps its priority. Answers the thread id reniced, or null.
 */
function lowerPriority(value) {
  if (process.platform !== 'linux' || !value) return null;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return null;
    setPriority(tid, value);
    return tid;
  } catch {
    return null;
  }
}

// Before the packages load: loading the weights is CPU work too.
const renicedThread = lowerPriority(nice);
const require = createRequire(resolveFrom);

/** The directory of an installed package (its package.json), resolved like the main thread does. */
function packageDir(name) {
  return dirname(require.resolve(`${name}/package.json`));
}

async function load() {
  const t0 = performance.now();
  const tf = await import(pathToFileURL(require.resolve(modules.tfjs)).href);
  const wasm = await import(pathToFileURL(require.resolve(modules.wasmBackend)).href);
  const setWasmPaths = wasm.setWasmPaths ?? wasm.default?.setWasmPaths;
  // The binaries shipped in the package (no CDN, read from disk by the Emscripten loader); one thread:
  // the worker is the only place it runs.
  setWasmPaths(`${join(packageDir(modules.wasmBackend), 'dist')}/`);
  const tfx = tf.default ?? tf;
  tfx.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  await tfx.setBackend('wasm');
  await tfx.ready();
  const faceDir = packageDir(modules.faceApi);
  const fa = await import(pathToFileURL(join(faceDir, 'dist', 'face-api.node-wasm.js')).href);
  const faceapi = fa.default ?? fa;
  const modelDir = join(faceDir, 'model');
  await faceapi.nets.ssdMobilenetv1.loadFromDisk(modelDir);
  await faceapi.nets.faceLandmark68Net.loadFromDisk(modelDir);
  await faceapi.nets.faceRecognitionNet.loadFromDisk(modelDir);
  const jpegMod = await import(pathToFileURL(require.resolve(modules.jpeg)).href);
  const pngMod = await import(pathToFileURL(require.resolve(modules.png)).href);
  const jpeg = jpegMod.default ?? jpegMod;
  const PNG = pngMod.PNG ?? pngMod.default?.PNG;
  const version = JSON.parse(await readFile(join(faceDir, 'package.json'), 'utf8')).version;
  return {
    tf: tfx,
    faceapi,
    jpeg,
    PNG,
    model: `face-api ${version} ssd_mobilenetv1+landmark68+recognition (tfjs ${tfx.version_core} ${tfx.getBackend()})`,
    loadMs: performance.now() - t0,
  };
}

/** RGB bytes of a JPEG or PNG. */
function decode(lib, bytes, mediaType) {
  if (mediaType === 'image/png') {
    const png = lib.PNG.sync.read(Buffer.from(bytes));
    const rgb = new Uint8Array(png.width * png.height * 3);
    for (let i = 0, j = 0; i < png.data.length; i += 4, j += 3) {
      rgb[j] = png.data[i];
      rgb[j + 1] = png.data[i + 1];
      rgb[j + 2] = png.data[i + 2];
    }
    return { width: png.width, height: png.height, data: rgb };
  }
  const img = lib.jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, maxMemoryUsageInMB: 1024 });
  return { width: img.width, height: img.height, data: img.data };
}

async function embed(lib, job) {
  const t0 = performance.now();
  const bytes = job.bytes ?? (await readFile(job.path));
  const img = decode(lib, bytes, job.mediaType);
  const tensor = lib.tf.tensor3d(img.data, [img.height, img.width, 3], 'int32');
  try {
    const options = new lib.faceapi.SsdMobilenetv1Options({ minConfidence, maxResults: 20 });
    const found = await lib.faceapi.detectAllFaces(tensor, options).withFaceLandmarks().withFaceDescriptors();
    const faces = found
      .map((f) => ({
        box: {
          x: f.detection.box.x,
          y: f.detection.box.y,
          width: f.detection.box.width,
          height: f.detection.box.height,
        },
        score: f.detection.score,
        descriptor: Float32Array.from(f.descriptor),
      }))
      .sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height);
    return { faces, width: img.width, height: img.height, elapsedMs: performance.now() - t0 };
  } finally {
    tensor.dispose();
  }
}

let lib;
try {
  lib = await load();
  parentPort.postMessage({ type: 'ready', model: lib.model, loadMs: lib.loadMs, renicedThread, nice });
} catch (err) {
  parentPort.postMessage({ type: 'init-failed', error: String(err?.stack ?? err) });
}

parentPort.on('message', async (job) => {
  if (!lib) {
    parentPort.postMessage({ type: 'result', id: job.id, ok: false, error: 'face components not loaded' });
    return;
  }
  try {
    const result = await embed(lib, job);
    parentPort.postMessage({
      type: 'result',
      id: job.id,
      ok: true,
      ...result,
      rss: process.memoryUsage().rss,
    });
  } catch (err) {
    parentPort.postMessage({ type: 'result', id: job.id, ok: false, error: String(err?.message ?? err) });
  }
});

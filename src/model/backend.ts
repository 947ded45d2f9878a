import { createRequire } from 'node:module';
import { dirname, sep } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { PrecisError } from '../util/errors.js';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

const require = createRequire(import.meta.url);
let chosen: BackendName | null = null;

/**
 * Picks the fastest TensorFlow.js backend available: tfjs-node when the optional peer is
 * installed (its native addon often is not, so any error falls through), else wasm (30x
 * cpu for batched inference here), else the pure-JS cpu backend. PRECIS_BACKEND forces one.
 */
export async function initBackend(requested: string | undefined = process.env.PRECIS_BACKEND): Promise<BackendName> {
  const want = requested === undefined || requested === '' ? undefined : requested;
  if (want !== undefined && want !== 'tensorflow' && want !== 'wasm' && want !== 'cpu') {
    throw new PrecisError('USAGE', `PRECIS_BACKEND must be tensorflow, wasm or cpu, got "${want}"`);
  }
  if (chosen !== null && (want === undefined || want === chosen)) return chosen;
  // production mode: no debug checks, and no "install tfjs-node" banner on stderr,
  // which is for results and precis's own diagnostics only
  tf.enableProdMode();
  const order: BackendName[] = want ? [want] : ['tensorflow', 'wasm', 'cpu'];
  for (const name of order) {
    if (await tryBackend(name)) {
      chosen = name;
      return name;
    }
  }
  throw new PrecisError('MODEL', `TensorFlow.js backend "${want}" could not be initialised`, {
    hint: want === 'tensorflow' ? 'install the optional peer @tensorflow/tfjs-node@4.22.0, or unset PRECIS_BACKEND' : undefined,
  });
}

/** The backend in use, for provenance fields. */
export function currentBackend(): BackendName {
  if (chosen === null) throw new Error('initBackend() was not called');
  return chosen;
}

async function tryBackend(name: BackendName): Promise<boolean> {
  try {
    if (name === 'tensorflow') {
      // optional peer dependency: resolved at run time so a missing package is not a build error
      const spec = '@tensorflow/tfjs-node';
      await import(spec);
    } else if (name === 'wasm') {
      setWasmPaths(wasmDirectory());
    }
    const ok = await tf.setBackend(name);
    if (!ok) return false;
    await tf.ready();
    return tf.getBackend() === name;
  } catch {
    return false;
  }
}

/**
 * The .wasm binaries ship inside the package; pointing tfjs at them by file path keeps
 * initialisation offline and independent of how precis is bundled.
 */
function wasmDirectory(): string {
  return dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + sep;
}

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { writeFileAtomic } from '../util/atomic.js';
import { ioError, PrecisError } from '../util/errors.js';
import { PACKAGE_ROOT } from '../version.js';
import { renderModelCard, type ModelCard } from './card.js';

/** Bumped when metadata changes meaning; a model with another major version is refused. */
export const MODEL_FORMAT_VERSION = 1;
export const MODEL_FORMAT = 'precis-risk-model';

export type ModelKind = 'mlp' | 'logistic';

/** Everything precis needs beside the weights, stored in model.json `userDefinedMetadata`. */
export interface ModelMetadata {
  format: typeof MODEL_FORMAT;
  formatVersion: number;
  name: string;
  kind: ModelKind;
  /** Input features in column order (raw units; standardised with `scaler` before the network). */
  features: string[];
  scaler: { mean: number[]; sd: number[] };
  outcome: string;
  card: ModelCard;
  weightsSha256: string;
  topologySha256: string;
}

export interface RiskModel {
  dir: string;
  meta: ModelMetadata;
  net: tfl.LayersModel;
}

const sha256 = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');

/** Shipped models by name (`cad-risk`), else a directory path. */
export function resolveModelDir(nameOrPath: string): string {
  if (!nameOrPath.includes('/') && !isAbsolute(nameOrPath) && !existsSync(nameOrPath)) {
    const shipped = join(PACKAGE_ROOT, 'models', nameOrPath);
    if (existsSync(shipped)) return shipped;
  }
  return resolve(nameOrPath);
}

/**
 * Writes a standard tfjs layers model (model.json + weights.bin, loadable by any tfjs)
 * with the precis metadata, hashes and a MODEL_CARD.md beside it.
 */
export async function saveModel(dir: string, net: tfl.LayersModel, meta: Omit<ModelMetadata, 'weightsSha256' | 'topologySha256' | 'format' | 'formatVersion'>): Promise<ModelMetadata> {
  let full: ModelMetadata | null = null;
  mkdirSync(dir, { recursive: true });
  await net.save(
    tf.io.withSaveHandler(async (a: tf.io.ModelArtifacts) => {
      const wd = a.weightData === undefined ? new ArrayBuffer(0) : Array.isArray(a.weightData) ? tf.io.concatenateArrayBuffers(a.weightData) : a.weightData;
      const bin = new Uint8Array(wd);
      const topology = JSON.stringify(a.modelTopology);
      full = { format: MODEL_FORMAT, formatVersion: MODEL_FORMAT_VERSION, ...meta, weightsSha256: sha256(bin), topologySha256: sha256(topology) };
      const json = {
        format: 'layers-model',
        generatedBy: a.generatedBy,
        convertedBy: null,
        modelTopology: a.modelTopology,
        weightsManifest: [{ paths: ['./weights.bin'], weights: a.weightSpecs ?? [] }],
        userDefinedMetadata: { precis: full },
      };
      await writeFileAtomic(join(dir, 'weights.bin'), bin);
      await writeFileAtomic(join(dir, 'model.json'), `${JSON.stringify(json, null, 1)}\n`);
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) };
    }),
  );
  const m = full as ModelMetadata | null;
  if (m === null) throw new Error('model save handler did not run');
  await writeFileAtomic(join(dir, 'MODEL_CARD.md'), renderModelCard(m.card, m.features, m.scaler, m.kind));
  return m;
}

interface ModelJson {
  format?: string;
  modelTopology?: unknown;
  weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  userDefinedMetadata?: { precis?: ModelMetadata };
}

/** Loads and verifies a model: format version, topology and weight hashes, feature list. */
export async function loadModel(nameOrPath: string): Promise<RiskModel> {
  const dir = resolveModelDir(nameOrPath);
  const file = join(dir, 'model.json');
  let json: ModelJson;
  try {
    json = JSON.parse(readFileSync(file, 'utf8')) as ModelJson;
  } catch (e) {
    if (e instanceof SyntaxError) throw new PrecisError('MODEL', `model.json is not valid JSON: ${e.message}`, { file });
    throw ioError(e, file);
  }
  const meta = json.userDefinedMetadata?.precis;
  if (!meta || meta.format !== MODEL_FORMAT) {
    throw new PrecisError('MODEL', 'not a precis risk model (no precis metadata in model.json)', { file, hint: 'models are written by `precis train`' });
  }
  if (Math.floor(meta.formatVersion) !== MODEL_FORMAT_VERSION) {
    throw new PrecisError('MODEL', `incompatible model format version ${meta.formatVersion} (this precis reads version ${MODEL_FORMAT_VERSION})`, {
      file,
      hint: 'retrain the model with this precis version or use the precis version that wrote it',
    });
  }
  if (!Array.isArray(meta.features) || meta.scaler?.mean?.length !== meta.features.length || meta.scaler?.sd?.length !== meta.features.length) {
    throw new PrecisError('MODEL', 'model metadata is inconsistent: features and scaler differ in length', { file });
  }
  if (sha256(JSON.stringify(json.modelTopology)) !== meta.topologySha256) {
    throw new PrecisError('MODEL', 'model topology does not match its recorded sha256 (file modified or corrupt)', { file });
  }
  const manifest = json.weightsManifest ?? [];
  const specs: tf.io.WeightsManifestEntry[] = [];
  const bufs: Buffer[] = [];
  for (const group of manifest) {
    specs.push(...group.weights);
    for (const p of group.paths) {
      const wf = join(dir, p);
      try {
        bufs.push(readFileSync(wf));
      } catch (e) {
        throw ioError(e, wf);
      }
    }
  }
  const all = Buffer.concat(bufs);
  if (sha256(all) !== meta.weightsSha256) {
    throw new PrecisError('MODEL', 'weights do not match the sha256 recorded in model.json (file modified or corrupt)', {
      file: join(dir, 'weights.bin'),
      hint: 'reinstall or retrain the model',
    });
  }
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  try {
    const net = await tfl.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology as tf.io.ModelJSON['modelTopology'], weightSpecs: specs, weightData }));
    if (net.inputs[0]?.shape[1] !== meta.features.length) {
      throw new PrecisError('MODEL', `network takes ${String(net.inputs[0]?.shape[1])} inputs but the metadata lists ${meta.features.length} features`, { file });
    }
    return { dir, meta: { ...meta, name: meta.name || basename(dir) }, net };
  } catch (e) {
    if (e instanceof PrecisError) throw e;
    throw new PrecisError('MODEL', `cannot build the network: ${(e as Error).message}`, { file });
  }
}

import type { VcfHeader, VcfStage } from '../vcf/index.js';
import { assembleFeatures } from './assemble.js';
import type { SampleFeatures } from './features.js';
import type { RiskModel } from './model-io.js';
import type { PrsSampleScore } from './prs-input.js';
import { assessRisk, type RiskResult } from './risk.js';

export interface RiskStageOptions {
  model: RiskModel;
  backend: string;
  clinical: SampleFeatures[];
  extra?: SampleFeatures[][];
  /**
   * Polygenic scores, read when the pass ends: `report` places this stage after the PRS
   * stage and hands over that stage's result here, so prs_z comes from the same pass.
   */
  prs?: () => Map<string, PrsSampleScore> | undefined;
  prsSource?: string;
  inputs?: Record<string, string>;
}

/**
 * Risk as a stage of the shared VCF pass. It reads no records itself: its genomic input
 * is the PRS stage's result; it restricts the clinical samples to those in the VCF.
 */
export function createRiskStage(o: RiskStageOptions): VcfStage<RiskResult> {
  let vcfSamples: Set<string> | null = null;
  return {
    name: 'risk',
    begin(header: VcfHeader): void {
      vcfSamples = new Set(header.samples);
    },
    accept(): void {},
    end(): RiskResult {
      const inVcf = vcfSamples;
      const clinical = inVcf ? o.clinical.filter((s) => inVcf.has(s.sample)) : o.clinical;
      const warnings: string[] = [];
      if (clinical.length < o.clinical.length) warnings.push(`${o.clinical.length - clinical.length} clinical sample(s) are not in the VCF and were skipped`);
      const a = assembleFeatures({ clinical, extra: o.extra, prs: o.prs?.(), prsSource: o.prsSource });
      return assessRisk(a.samples, o.model, o.backend, o.inputs, [...warnings, ...a.warnings]);
    },
  };
}

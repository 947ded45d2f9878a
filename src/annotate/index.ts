// Public surface of the annotation stage (used by `precis annotate` and `precis report`).
export { createAnnotateStage, type AnnotateResult, type AnnotateStageOptions, type AnnotateProvenance } from './stage.js';
export { loadResources, readBundleManifest, type ResourceConfig, type LoadedResources } from './resources.js';
export { readSourceConfig, type SourceConfig } from './source-config.js';
export { Annotator, type AnnotatorOptions, type TranscriptSelection } from './annotator.js';
export type { VariantAnnotation, ConsequenceRecord } from './annotation.js';
export { annotationToJson } from './json-output.js';
export { csqHeaderLine, DEFAULT_CSQ_FIELDS } from './csq-format.js';
export { formatCsq } from './csq-writer.js';
export { renderAnnotateJson, renderNotableTsv } from './render.js';
export { upstreamFormats, parseUpstream, type UpstreamConsequence, type UpstreamFormat } from './existing-annotations.js';
export { readGeneModels, type GeneModels } from './gene-models.js';
export { TranscriptIndex } from './transcript-index.js';
export { VEP_RANKING_RELEASE, termRank, termImpact, type Impact } from './so-terms.js';
export type { AnnotationSummary } from './summary.js';

export { createKeyframeExtractor, extractKeyframe, type Keyframe, type KeyframeExtractorOptions } from './extract';
export { KeyframeError, type KeyframeFailure } from './errors';

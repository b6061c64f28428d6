import type { Config } from '../config';
import type { Logger } from '../logging/logger';
import type { ObjectLocation, StorageBackends } from './storage/types';

/** One image that the keyframe extractor made from a file. */
export interface ExtractedKeyframe {
  type: 'KEYFRAME' | 'POSTER';
  filename: string;
  size: number;
  width: number;
  height: number;
  /** Position in the source in milliseconds. */
  timeMs: number;
}

/** Makes keyframes from an uploaded object; it rejects with a message that the transcode job then carries. */
export interface KeyframeExtractor {
  extract(source: ObjectLocation): Promise<ExtractedKeyframe[]>;
}

/** Everything the simulator's server is built from, passed in so tests can build it with their own parts. */
export interface SimulatorDeps {
  config: Config['iconikSim'];
  logger: Logger;
  /** The storage backends that issue upload targets; without them file creates answer no upload fields. */
  storage?: StorageBackends;
  keyframes?: KeyframeExtractor;
}

import { posix } from 'node:path';
import type { Logger } from '../../logging/logger';
import type { ExtractedKeyframe } from '../deps';
import type { ObjectLocation, StorageBackends } from '../storage/types';
import { KeyframeError } from './errors';
import { jpegSize } from './jpeg-size';
import { cleanToolMessage, mediaInput, type MediaInput } from './media-input';
import { probeMedia, type MediaProbe } from './probe';
import { runTool } from './run-tool';

export interface KeyframeExtractorOptions {
  backends: StorageBackends;
  logger: Logger;
  /** Maximum keyframe width in pixels; wider pictures are scaled down with their aspect ratio kept. */
  maxWidth?: number;
  /** Time limit for each ffprobe and ffmpeg run, in milliseconds. */
  timeoutMs?: number;
}

/** One keyframe image with its JPEG bytes. */
export interface Keyframe extends ExtractedKeyframe {
  jpeg: Buffer;
}

const defaultMaxWidth = 1280;
const defaultTimeoutMs = 60_000;

/**
 * The position of the keyframe, as a fraction of a video's duration. The
 * simulator picks 10% so that a fade in from black does not make a black
 * thumbnail; Iconik does not document where its transcoder takes keyframes.
 */
const keyframePosition = 0.1;

/**
 * Makes one JPEG keyframe from an object in storage with ffprobe and ffmpeg,
 * which read it through the backend's read URL (with range requests) or, for
 * B2, from the local file, so the object is never loaded into memory.
 * Video gives a frame 10% into its duration, and a still image (or an audio
 * file's cover art) gives itself. Audio without a picture, and files ffmpeg
 * cannot decode, fail with a KeyframeError, because Iconik's transcoder makes
 * no keyframes for them either.
 */
export async function extractKeyframe(location: ObjectLocation, options: KeyframeExtractorOptions): Promise<Keyframe> {
  const maxWidth = options.maxWidth ?? defaultMaxWidth;
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const started = Date.now();
  const readUrl = await options.backends.byMethod[location.method].readUrl(location);
  const input = mediaInput(readUrl, describeLocation(location));

  const probe = await probeMedia(input, timeoutMs);
  if (probe.video === undefined) {
    const content = probe.audioCodec === undefined ? `no audio or video stream (format ${probe.formatName})` : `only audio (${probe.audioCodec})`;
    throw new KeyframeError('no_picture', `No keyframe made for ${input.description}: it has ${content}, and keyframes are made only from video and images.`);
  }

  const seekSeconds = isStill(probe) ? 0 : (probe.durationSeconds ?? 0) * keyframePosition;
  let jpeg = await renderJpeg(input, seekSeconds, maxWidth, timeoutMs);
  // A duration in the container can overstate the frames present; the first frame is then the keyframe.
  if (jpeg.length === 0 && seekSeconds > 0) jpeg = await renderJpeg(input, 0, maxWidth, timeoutMs);
  const size = jpegSize(jpeg);
  if (size === undefined) throw new KeyframeError('undecodable', `ffmpeg produced no JPEG image from ${input.description}.`);

  const keyframe: Keyframe = {
    type: 'KEYFRAME',
    filename: `${posix.parse(location.key).name}.jpg`,
    size: jpeg.length,
    width: size.width,
    height: size.height,
    timeMs: Math.round(seekSeconds * 1000),
    jpeg,
  };
  options.logger.info(
    { method: location.method, bucket: location.bucket, key: location.key, width: size.width, height: size.height, bytes: jpeg.length, ms: Date.now() - started },
    'made keyframe',
  );
  return keyframe;
}

/** Creates the extractor that the simulator's keyframe jobs call; each job gets one keyframe. */
export function createKeyframeExtractor(options: KeyframeExtractorOptions): { extract(location: ObjectLocation): Promise<Keyframe[]> } {
  return {
    async extract(location) {
      return [await extractKeyframe(location, options)];
    },
  };
}

function isStill(probe: MediaProbe): boolean {
  return probe.video?.attachedPicture === true || probe.durationSeconds === undefined || /(^image2$|_pipe$)/.test(probe.formatName);
}

async function renderJpeg(input: MediaInput, seekSeconds: number, maxWidth: number, timeoutMs: number): Promise<Buffer> {
  const args = [
    '-v',
    'error',
    '-nostdin',
    ...input.options,
    ...(seekSeconds > 0 ? ['-ss', seekSeconds.toFixed(3)] : []),
    '-i',
    input.argument,
    '-map',
    '0:v:0',
    '-frames:v',
    '1',
    // Height -2 keeps the aspect ratio and rounds to an even number, which the JPEG encoder's chroma subsampling needs.
    '-vf',
    `scale='min(${maxWidth},iw)':-2`,
    '-f',
    'image2pipe',
    '-c:v',
    'mjpeg',
    '-q:v',
    '3',
    'pipe:1',
  ];
  const result = await runTool('ffmpeg', args, timeoutMs);
  if (result.timedOut) throw new KeyframeError('timed_out', `ffmpeg timed out after ${timeoutMs} ms making a keyframe from ${input.description}.`);
  if (result.exitCode !== 0) {
    throw new KeyframeError('undecodable', `ffmpeg could not decode ${input.description}: ${cleanToolMessage(result.stderr, input)}`);
  }
  return result.stdout;
}

function describeLocation(location: ObjectLocation): string {
  const scheme = { S3: 's3', GCS: 'gs', AZURE: 'azure', B2: 'b2' }[location.method];
  return `${scheme}://${location.bucket}/${location.key}`;
}

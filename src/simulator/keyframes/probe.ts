import { cleanToolMessage, type MediaInput } from './media-input';
import { runTool } from './run-tool';
import { KeyframeError } from './errors';

/** Facts about a media file that the keyframe extractor needs. */
export interface MediaProbe {
  formatName: string;
  /** Duration in seconds, or undefined for a still image or an unknown length. */
  durationSeconds: number | undefined;
  /** The first video stream, which may be a still image or an audio file's cover art. */
  video: { codec: string; width: number; height: number; attachedPicture: boolean } | undefined;
  audioCodec: string | undefined;
}

interface ProbeJson {
  format?: { format_name?: string; duration?: string };
  streams?: { codec_type?: string; codec_name?: string; width?: number; height?: number; disposition?: { attached_pic?: number } }[];
}

/** Runs ffprobe on the input and fails with ffprobe's own message when it cannot read the file. */
export async function probeMedia(input: MediaInput, timeoutMs: number): Promise<MediaProbe> {
  const args = ['-v', 'error', ...input.options, '-print_format', 'json', '-show_format', '-show_streams', input.argument];
  const result = await runTool('ffprobe', args, timeoutMs);
  if (result.timedOut) throw new KeyframeError('timed_out', `ffprobe timed out after ${timeoutMs} ms reading ${input.description}.`);
  if (result.exitCode !== 0) {
    throw new KeyframeError('undecodable', `ffprobe could not read ${input.description}: ${cleanToolMessage(result.stderr, input)}`);
  }

  const json = JSON.parse(result.stdout.toString('utf8')) as ProbeJson;
  const streams = json.streams ?? [];
  const video = streams.find((stream) => stream.codec_type === 'video');
  const audio = streams.find((stream) => stream.codec_type === 'audio');
  const duration = Number(json.format?.duration);
  return {
    formatName: json.format?.format_name ?? 'unknown',
    durationSeconds: Number.isFinite(duration) && duration > 0 ? duration : undefined,
    video:
      video === undefined
        ? undefined
        : { codec: video.codec_name ?? 'unknown', width: video.width ?? 0, height: video.height ?? 0, attachedPicture: video.disposition?.attached_pic === 1 },
    audioCodec: audio?.codec_name,
  };
}

/** Why a keyframe could not be made: the file is not media ffmpeg can decode, it has no picture, or the tool timed out. */
export type KeyframeFailure = 'undecodable' | 'no_picture' | 'timed_out';

/** A keyframe extraction failure whose message the transcode job carries as its error message. */
export class KeyframeError extends Error {
  constructor(
    readonly reason: KeyframeFailure,
    message: string,
  ) {
    super(message);
    this.name = 'KeyframeError';
  }
}

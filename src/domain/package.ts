/** One file of a package: where it goes (its path inside the package) and where its bytes are. */
export interface PackageFile {
  /** Path inside the package, "/"-separated, without a leading slash, for example `Day 1/clip.mov`. */
  path: string;
  /** Size in bytes, as the upload portal reported it. */
  size: number;
  /**
   * Location of the bytes: `file:///abs/path` under the configured source root,
   * `s3://bucket/key` on the configured source store, or an `https://` URL.
   */
  source: string;
}

/** The portal a package arrived through; Send to cloud packages have none. */
export interface Portal {
  id: string;
  name: string;
}

/** A package as received from an upload portal, without its file list, which is read page by page. */
export interface Package {
  id: string;
  name: string;
  portal: Portal | null;
  uploaderEmail: string;
  recipients: string[];
  /** The description the uploader typed on the portal, or null when there is none. */
  description: string | null;
  /** Form fields filled in on the portal, by field name; a checkbox group's ticked choices are a list. */
  metadata: Record<string, FormValue>;
  /** Portal URL where recipients download the package, or null when the sender gave none. */
  downloadUrl: string | null;
  fileCount: number;
  totalBytes: number;
  receivedAt: string;
}

/** The value of one portal form field: text, or the list of ticked choices of a checkbox group. */
export type FormValue = string | string[];

/** A package as the webhook hands it over, with every file and every folder (folders may be empty). */
export interface NewPackage extends Omit<Package, 'fileCount' | 'totalBytes' | 'receivedAt' | 'description'> {
  /** Default: null. */
  description?: string | null;
  files: PackageFile[];
  /** Every folder path of the package, including empty ones, "/"-separated without leading slash. */
  folders: string[];
}

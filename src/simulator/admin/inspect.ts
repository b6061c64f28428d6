import type { SimState, IconikObject } from '../state/types';
import { containingCollections } from '../domain/collections';

interface CollectionNode {
  id: string;
  title: unknown;
  status: unknown;
  external_id: unknown;
  asset_ids: string[];
  children: CollectionNode[];
}

function buildTree(state: SimState, collection: IconikObject): CollectionNode {
  const links = state.contents.filter((link) => link.collection_id === collection.id);
  return {
    id: collection.id,
    title: collection.title,
    status: collection.status,
    external_id: collection.external_id,
    asset_ids: links.filter((link) => link.object_type === 'assets').map((link) => link.object_id),
    children: links
      .filter((link) => link.object_type === 'collections')
      .map((link) => state.collections[link.object_id])
      .filter((child): child is IconikObject => child !== undefined)
      .map((child) => buildTree(state, child)),
  };
}

/**
 * Returns the simulator's state for tests and demos: the collection tree,
 * each asset with its formats, file sets, files, keyframes and metadata, the
 * jobs with their history, and the request count per route. App tokens are
 * left out, because they are credentials.
 */
export function inspectState(state: SimState): Record<string, unknown> {
  const assets = Object.values(state.assets).map((asset) => ({
    ...asset,
    in_collections: containingCollections(state, asset.id),
    formats: Object.values(state.formats)
      .filter((format) => format.asset_id === asset.id)
      .map((format) => ({
        ...format,
        file_sets: Object.values(state.fileSets)
          .filter((fileSet) => fileSet.format_id === format.id)
          .map((fileSet) => ({ ...fileSet, files: Object.values(state.files).filter((file) => file.file_set_id === fileSet.id) })),
      })),
    files: Object.values(state.files).filter((file) => file.asset_id === asset.id),
    keyframes: Object.values(state.keyframes).filter((keyframe) => keyframe.asset_id === asset.id),
    metadata: Object.values(state.metadataValues).filter((values) => values.object_type === 'assets' && values.object_id === asset.id),
  }));
  return {
    collection_tree: Object.values(state.collections)
      .filter((collection) => collection.parent_id === null && containingCollections(state, collection.id).length === 0)
      .map((collection) => buildTree(state, collection)),
    assets,
    jobs: Object.values(state.jobs).map((job) => ({ ...job, history: state.jobHistory[job.id] ?? [] })),
    keyframes: Object.values(state.keyframes),
    metadata_values: Object.values(state.metadataValues),
    multipart_uploads: Object.values(state.multipartUploads),
    request_counts: state.requestCounts,
  };
}

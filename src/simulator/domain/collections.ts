import type { SimState, IconikObject } from '../state/types';

/** Returns the ids of the collections that contain the object, from its content links. */
export function containingCollections(state: SimState, objectId: string): string[] {
  return state.contents.filter((link) => link.object_id === objectId).map((link) => link.collection_id);
}

/** Returns every ancestor collection of the given containers, each once, nearest first. */
export function ancestorCollections(state: SimState, containerIds: string[]): string[] {
  const seen = new Set<string>();
  const queue = [...containerIds];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    queue.push(...containingCollections(state, id));
  }
  return [...seen];
}

/** Returns the parent chain of a collection from the root down to its direct parent. */
export function parentChain(state: SimState, parentId: string | null): string[] {
  const chain: string[] = [];
  let current: IconikObject | undefined = parentId === null ? undefined : state.collections[parentId];
  while (current !== undefined && !chain.includes(current.id)) {
    chain.unshift(current.id);
    const next = current.parent_id;
    current = typeof next === 'string' ? state.collections[next] : undefined;
  }
  return chain;
}

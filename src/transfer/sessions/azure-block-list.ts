import { partRange, type PartPlan } from '../part-plan';

/** One block of a Get Block List response: its base64 id and size in bytes. */
export interface ListedBlock {
  id: string;
  size: number;
}

/** Reads the `<UncommittedBlocks>` of a Get Block List response body. */
export function parseUncommittedBlocks(xml: string): ListedBlock[] {
  const section = /<UncommittedBlocks>([\s\S]*?)<\/UncommittedBlocks>/.exec(xml)?.[1] ?? '';
  const blocks: ListedBlock[] = [];
  for (const match of section.matchAll(/<Block>\s*<Name>([^<]*)<\/Name>\s*<Size>(\d+)<\/Size>\s*<\/Block>/g)) {
    blocks.push({ id: match[1] ?? '', size: Number(match[2]) });
  }
  return blocks;
}

/**
 * Returns which parts of the plan the listed blocks hold: a part counts as
 * staged when a block has its id and exactly its length. Blocks of another
 * upload of the same blob (other ids or sizes) are ignored, and Put Block List
 * leaves them out of the blob.
 */
export function stagedParts(plan: PartPlan, blocks: ListedBlock[], blockId: (partNumber: number) => string): boolean[] {
  const sizes = new Map(blocks.map((block) => [block.id, block.size]));
  const staged: boolean[] = [];
  for (let partNumber = 1; partNumber <= plan.partCount; partNumber++) {
    const { start, end } = partRange(plan, partNumber);
    staged.push(end > start && sizes.get(blockId(partNumber)) === end - start);
  }
  return staged;
}

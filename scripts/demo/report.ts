import type { Config } from '../../src/config';

interface TreeNode {
  title: unknown;
  asset_ids: string[];
  children: TreeNode[];
}

interface SimAsset {
  id: string;
  title: unknown;
  files: { directory_path?: unknown; name?: unknown; status?: unknown; size?: unknown }[];
  keyframes: { filename?: unknown; resolution?: { width?: number; height?: number } | null; type?: unknown }[];
}

/** Returns the collection at a title path, for example Portal Downloads / Demo portal / Demo shoot. */
function findNode(nodes: TreeNode[], path: string[]): TreeNode | undefined {
  const [first, ...rest] = path;
  const node = nodes.find((candidate) => candidate.title === first);
  return node === undefined || rest.length === 0 ? node : findNode(node.children, rest);
}

function assetIdsUnder(node: TreeNode): string[] {
  return [...node.asset_ids, ...node.children.flatMap(assetIdsUnder)];
}

/**
 * Prints what this delivery left in the simulator, the storage, the mailbox
 * and Slack, as a person checking the result would look. Earlier demo runs
 * share the simulator and the mailbox, so only this delivery's package
 * collection, assets, mail and message are shown.
 */
export async function printReport(config: Config, deliveryId: string, recipient: string, destinationPath: string): Promise<void> {
  const sim = `http://127.0.0.1:${config.iconikSim.port}`;
  const state = (await (await fetch(`${sim}/_sim/state`, { headers: { 'x-sim-admin-secret': config.iconikSim.adminSecret } })).json()) as {
    collection_tree: TreeNode[];
    assets: SimAsset[];
    jobs: { type?: unknown; status?: unknown; error_message?: unknown; object_id?: unknown }[];
  };
  const titles = new Map(state.assets.map((asset) => [asset.id, String(asset.title)]));
  const packageNode = findNode(state.collection_tree, destinationPath.split('/').filter((segment) => segment !== ''));
  if (packageNode === undefined) throw new Error(`the simulator has no collection at ${destinationPath}`);
  const ours = new Set(assetIdsUnder(packageNode));
  state.assets = state.assets.filter((asset) => ours.has(asset.id));
  state.jobs = state.jobs.filter((job) => ours.has(String(job.object_id)));

  console.log(`\nIconik collections (simulator), under ${destinationPath}:`);
  const print = (node: TreeNode, depth: number) => {
    console.log(`${'  '.repeat(depth)}[${String(node.title)}]`);
    for (const id of node.asset_ids) console.log(`${'  '.repeat(depth + 1)}${titles.get(id) ?? id}`);
    for (const child of node.children) print(child, depth + 1);
  };
  print(packageNode, 1);

  console.log('\nObjects in storage (file records, S3 on MinIO):');
  for (const asset of state.assets) {
    for (const file of asset.files) console.log(`  ${String(file.directory_path)}/${String(file.name)}  ${String(file.size)} bytes  ${String(file.status)}`);
  }

  console.log('\nKeyframes made by the transcoder (ffmpeg):');
  for (const asset of state.assets) {
    for (const keyframe of asset.keyframes) {
      const size = keyframe.resolution ? `${keyframe.resolution.width}x${keyframe.resolution.height}` : '';
      console.log(`  ${String(asset.title)}: ${String(keyframe.type)} ${size}`);
    }
  }
  const failedTranscodes = state.jobs.filter((job) => job.type === 'TRANSCODE' && job.status === 'FAILED');
  for (const job of failedTranscodes) console.log(`  ${titles.get(String(job.object_id)) ?? String(job.object_id)}: no keyframe (${String(job.error_message)})`);

  const mail = (await (await fetch(`http://127.0.0.1:${config.stack.ports.mailpitHttp}/api/v1/search?query=${encodeURIComponent(`to:"${recipient}"`)}`)).json()) as {
    messages: { Subject: string; To: { Address: string }[] }[];
  };
  console.log(`\nEmails received by ${recipient} (Mailpit, http://127.0.0.1:${config.stack.ports.mailpitHttp}):`);
  for (const message of mail.messages.reverse()) console.log(`  ${message.Subject}`);

  const slack = (await (await fetch(`http://127.0.0.1:${config.slackStandin.port}/_standin/messages`)).json()) as { messages: { channelName: string; text: string; blocks?: unknown }[] };
  console.log('\nSlack message (stand-in):');
  for (const message of slack.messages.filter((candidate) => JSON.stringify(candidate).includes(encodeURIComponent(deliveryId)))) {
    console.log(`  #${message.channelName}: ${message.text}`);
  }
}

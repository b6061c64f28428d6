import { planMetadata } from '../../src/activities/delivery/metadata';
import type { Package } from '../../src/domain/package';
import { IconikClient } from '../../src/iconik/client';
import { Throttle } from '../../src/iconik/throttle';
import type { Integration } from '../../src/integrations/types';
import { createLogger } from '../../src/logging/logger';
import { fixtureTokens, fixtureViews } from '../simulator/support/fixture-users';
import { startSimulator, type SimulatorHarness } from '../simulator/support/harness';

const logger = createLogger({ level: 'silent', name: 'metadata-plan-test' });

describe('planMetadata', () => {
  let simulator: SimulatorHarness;

  beforeAll(async () => {
    simulator = await startSimulator();
  });

  afterAll(async () => {
    await simulator.close();
  });

  it('skips metadata without the write role', async () => {
    const { appId, token } = fixtureTokens.limited;
    const client = new IconikClient({ baseUrl: simulator.url, appId, authToken: token, logger, throttle: new Throttle(1_000) });
    const integration = {
      id: 'integration-1',
      syncMetadata: true,
      descriptionField: null,
      metadataMapping: { viewId: fixtureViews.packageForm, fields: [{ source: { builtin: 'package_name' }, iconikField: 'package_name' }], unmapped: { listInStatus: true } },
    } as unknown as Integration;
    const user = await client.currentUser();

    const planned = await planMetadata({ client, integration, package: { name: 'P' } as Package, user, canWriteMetadata: false, descriptionText: null, log: logger });

    expect(planned).toEqual({
      write: null,
      includesDescription: false,
      report: {
        viewId: null,
        fieldsWritten: [],
        unmappedFields: [],
        problems: [
          "The Iconik user limited@sim.example lacks the role Metadata values: Write (can_write_metadata_values): add it to one of the user's groups in Admin > Groups. No package metadata was written; the files are still delivered.",
        ],
      },
    });
    expect(simulator.server.store.state.requestCounts['PUT /API/metadata/v1/:object_type/:object_id/views/:view_id/']).toBeUndefined();
  });
});

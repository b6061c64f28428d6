/** The fixture's app tokens by the verify case each user exercises; the values are test-only fakes from src/simulator/fixture/seed.json. */
export const fixtureTokens = {
  admin: { appId: '00000000-0000-4000-8000-000000000201', token: 'sim-test-only-token-admin', userId: '00000000-0000-4000-8000-000000000101' },
  power: { appId: '00000000-0000-4000-8000-000000000202', token: 'sim-test-only-token-power', userId: '00000000-0000-4000-8000-000000000102' },
  limited: { appId: '00000000-0000-4000-8000-000000000203', token: 'sim-test-only-token-limited', userId: '00000000-0000-4000-8000-000000000103' },
  standard: { appId: '00000000-0000-4000-8000-000000000204', token: 'sim-test-only-token-standard', userId: '00000000-0000-4000-8000-000000000104' },
  disabled: { appId: '00000000-0000-4000-8000-000000000205', token: 'sim-test-only-token-disabled', userId: '00000000-0000-4000-8000-000000000105' },
  browse: { appId: '00000000-0000-4000-8000-000000000206', token: 'sim-test-only-token-browse', userId: '00000000-0000-4000-8000-000000000106' },
} as const;

export type FixtureUser = keyof typeof fixtureTokens;

/** Fixture storage ids by method and case. */
export const fixtureStorages = {
  s3: '00000000-0000-4000-8000-000000000301',
  s3Unique: '00000000-0000-4000-8000-000000000302',
  gcs: '00000000-0000-4000-8000-000000000303',
  azure: '00000000-0000-4000-8000-000000000304',
  b2: '00000000-0000-4000-8000-000000000305',
  file: '00000000-0000-4000-8000-000000000306',
  s3Inactive: '00000000-0000-4000-8000-000000000307',
  gcsFailing: '00000000-0000-4000-8000-000000000308',
  azureNoDelete: '00000000-0000-4000-8000-000000000309',
  b2ReadOnly: '00000000-0000-4000-8000-000000000310',
  keyframes: '00000000-0000-4000-8000-000000000311',
  s3NoRead: '00000000-0000-4000-8000-000000000312',
} as const;

export const fixtureViews = {
  delivery: '00000000-0000-4000-8000-000000000401',
  descriptionOnly: '00000000-0000-4000-8000-000000000402',
  packageForm: '00000000-0000-4000-8000-000000000403',
} as const;

import type {
  ApiClient,
  BatchView,
  OccupationView,
  PolicyDocument,
  PolicyVersionView,
} from '@exam/contracts';

/** The policy document a batch or an application was made under. */
export async function loadPolicy(api: ApiClient, policyId: string, version: number): Promise<PolicyDocument> {
  return (await api.get<PolicyVersionView>(`/policies/${policyId}/versions/${version}`)).document;
}

/** The occupation catalogue of a policy's region. */
export function loadOccupations(api: ApiClient, policy: PolicyDocument): Promise<OccupationView[]> {
  return api.get<OccupationView[]>('/occupations', { regionId: policy.regionId });
}

/** Batches open for applications. */
export async function openBatches(api: ApiClient): Promise<BatchView[]> {
  return (await api.get<BatchView[]>('/batches')).filter((batch) => batch.status === 'open');
}

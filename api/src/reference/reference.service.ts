import { Injectable } from '@nestjs/common';
import type { BatchView, OccupationView, PolicySummaryView } from '@exam/contracts';
import { NotFound } from '../common/domain-errors.js';
import { ReferenceRepository } from './reference.repository.js';

/** Catalogues every signed-in user reads: regions, 工种, policies and batches. */
@Injectable()
export class ReferenceService {
  constructor(private readonly repository: ReferenceRepository) {}

  async regions() {
    return (await this.repository.regions()).map((r) => ({ id: r.id, name: r.name }));
  }

  private async assertRegion(regionId: string | undefined) {
    if (regionId && !(await this.repository.regionExists(regionId)))
      throw new NotFound(`没有找到地区「${regionId}」`);
  }

  async occupations(regionId?: string): Promise<OccupationView[]> {
    await this.assertRegion(regionId);
    return (await this.repository.occupations(regionId)).map((o) => ({
      id: o.id,
      code: o.code,
      name: o.name,
      category: o.category,
    }));
  }

  async policies(): Promise<PolicySummaryView[]> {
    return (await this.repository.policies()).map((p) => ({
      id: p.id,
      regionId: p.regionId,
      year: p.year,
      title: p.title,
      documentNo: p.documentNo,
      latestVersion: p.versions[0]?.version ?? null,
      status: p.versions[0]?.status ?? null,
    }));
  }

  async batches(regionId?: string): Promise<BatchView[]> {
    await this.assertRegion(regionId);
    return (await this.repository.batches(regionId)).map((b) => ({
      id: b.id,
      regionId: b.regionId,
      code: b.code,
      name: b.name,
      year: b.year,
      status: b.status,
      policyId: b.policyVersion.policyId,
      policyVersion: b.policyVersion.version,
      windows: b.windows.map((w) => ({
        kind: w.kind,
        opensAt: w.opensAt.toISOString(),
        closesAt: w.closesAt.toISOString(),
      })),
    }));
  }
}

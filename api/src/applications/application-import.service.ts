import { Injectable } from '@nestjs/common';
import { applicationBodySchema, type ApplicationRequest } from '@exam/contracts';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { Conflict, DomainError, NotFound, ValidationFailed } from '../common/domain-errors.js';
import { JobsService, type JobView } from '../jobs/jobs.service.js';
import { PoliciesService } from '../policies/policies.service.js';
import { prefillFromArchive } from './application-input.js';
import { ApplicationsRepository } from './applications.repository.js';
import { ApplicationsService, type Prepared } from './applications.service.js';
import { ImportFormatError, importTemplate, readImport, type RowProblem } from './import-sheet.js';
import { inspectFileKind } from './material-inspection.js';

/**
 * Excel import of a unit's applicants: every row is checked as the form would check it (scope, catalogue,
 * eligibility, duplicates, window); when any row fails nothing is imported and the report lists every
 * problem by row and column. Runs as a job with progress.
 */
@Injectable()
export class ApplicationImportService {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly repository: ApplicationsRepository,
    private readonly policies: PoliciesService,
    private readonly jobs: JobsService,
  ) {}

  async template(batchId: string): Promise<{ bytes: Buffer; fileName: string }> {
    const batch = await this.repository.batch(batchId);
    if (!batch) throw new NotFound('没有找到该考核批次');
    const policy = await this.policies.load(batch.policyVersionId);
    const example = await this.repository.anyOccupation(batch.regionId);
    return {
      bytes: await importTemplate(policy.document, example ?? ''),
      fileName: `申报人员导入模板（${batch.name}）.xlsx`,
    };
  }

  async start(actor: Actor, origin: RequestOrigin, batchId: string, bytes: Buffer): Promise<JobView> {
    const batch = await this.repository.batch(batchId);
    if (!batch) throw new NotFound('没有找到该考核批次');
    if ((await inspectFileKind(bytes)) !== 'xlsx')
      throw new ValidationFailed('请上传 Excel（.xlsx）文件（可先下载导入模板）', [
        { path: 'file', message: '不是 xlsx 文件' },
      ]);
    const policy = await this.policies.load(batch.policyVersionId);
    let parsed;
    try {
      parsed = await readImport(bytes, policy.document);
    } catch (error) {
      if (error instanceof ImportFormatError)
        throw new ValidationFailed(error.message, [{ path: 'file', message: error.message }]);
      throw error;
    }
    const { rows, problems } = parsed;
    return this.jobs.start(actor, 'application_import', rows.length, async (job) => {
      const prepared: { p: Prepared; body: ApplicationRequest; row: number }[] = [];
      let done = 0;
      for (const r of rows) {
        const at = (column: string, message: string) =>
          problems.push({ path: `第${r.row}行.${column}`, message });
        const person = await this.repository.personByIdNumber(r.idNumber);
        if (!person) at('身份证号', '没有该身份证号的人员档案，请先登记人员');
        else if (person.name !== r.name) at('姓名', `与人员档案中的姓名「${person.name}」不一致`);
        else {
          const parsed = applicationBodySchema.safeParse({
            ...prefillFromArchive(person, { occupation: r.occupation, level: r.level }),
            applicationType: r.type,
            exceptionalCategory: r.exceptional,
            batchId,
            deferredMaterials: r.deferred,
          });
          if (!parsed.success) {
            at('申报', parsed.error.issues.map((i) => `${i.path.join('.')}：${i.message}`).join('；'));
            done++;
            continue;
          }
          const body = parsed.data;
          try {
            const p = await this.applications.prepareNew(actor, body);
            if (!p.result.eligible)
              at(
                '资格',
                `不符合申报条件：${p.result.rules
                  .filter((v) => !v.passed)
                  .map((v) => v.text)
                  .join('；')}`,
              );
            else prepared.push({ p, body, row: r.row });
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            const column = error.issues?.[0]?.path === 'occupation' ? '申报工种' : '申报';
            at(column, error.issues?.length ? error.issues.map((i) => i.message).join('；') : error.message);
          }
        }
        done++;
        if (done % 20 === 0 || done === rows.length)
          await job.progress(done, rows.length, `已检查 ${done} / ${rows.length} 行`);
      }
      if (problems.length) {
        const sorted = sortProblems(problems);
        throw new ValidationFailed(
          `共 ${sorted.length} 处错误，未导入任何数据；请按错误报告修改后重新上传`,
          sorted,
        );
      }
      const numbers = await this.repository
        .transaction(async (tx) => {
          const ids: string[] = [];
          for (const item of prepared)
            ids.push(
              await this.applications.insertDraft(tx, actor, origin, item.p, item.body, 'excel_import'),
            );
          return ids;
        })
        .catch((error: unknown) => {
          if ((error as { code?: string }).code === 'P2002')
            throw new Conflict('导入期间有人已为其中的人员申报，未导入任何数据；请重新上传文件');
          throw error;
        });
      return { result: { imported: numbers.length, applicationIds: numbers } };
    });
  }
}

function sortProblems(problems: RowProblem[]): RowProblem[] {
  const row = (p: RowProblem) => Number(/^第(\d+)行/.exec(p.path)?.[1] ?? 0);
  return [...problems].sort((a, b) => row(a) - row(b));
}

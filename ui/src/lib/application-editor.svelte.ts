import type {
  ApiClient,
  ApplicationBody,
  ApplicationDetail,
  EligibilityResult,
  Level,
  MaterialView,
  PolicyDocument,
  TitleRank,
} from '@exam/contracts';
import { describeError, type FieldErrors } from './forms';

const EVALUATE_DELAY_MS = 400;

/** The optional parts of the form, kept whole while switched off so nothing typed is lost. */
export interface GradeFields {
  level: Level;
  occupation: string;
  certifiedOn: string;
  appointedOn: string;
}
export interface TitleFields {
  rank: TitleRank;
  field: string;
  obtainedOn: string;
  transferredFromTechnicalPost: boolean;
}
export interface TransferFields {
  kind: 'veteran' | 'enterprise' | 'other_province';
  arrivedOn: string;
  yearsInOccupation: number;
  treatmentLevel: Level | '';
}

/**
 * An application being filled in: the body, the live eligibility verdict (re-evaluated a moment after each
 * change, the newest answer wins), and saving / submitting it. The same class serves a new draft and the
 * correction of a returned one.
 */
export class ApplicationEditor {
  body: ApplicationBody;
  result = $state<EligibilityResult | null>(null);
  evaluating = $state(false);
  /** why the verdict could not be worked out (e.g. a field is incomplete) */
  evaluateError = $state<string | null>(null);
  fields = $state<FieldErrors>({});
  error = $state<string | null>(null);
  busy = $state(false);
  applicationId = $state<string | null>(null);
  /** the saved application, with its uploaded materials */
  saved = $state<ApplicationDetail | null>(null);
  /** an upload in progress, by material code */
  uploading = $state<string | null>(null);
  hasGrade = $state(false);
  grade: GradeFields;
  hasTitle = $state(false);
  title: TitleFields;
  hasTransfer = $state(false);
  transfer: TransferFields;
  /** 继续教育 years as typed, e.g. 2021，2022 */
  educationYears = $state('');

  private timer: ReturnType<typeof setTimeout> | undefined;
  private ticket = 0;

  constructor(
    private readonly api: ApiClient,
    readonly policy: PolicyDocument,
    body: ApplicationBody,
    saved: ApplicationDetail | null = null,
  ) {
    this.body = $state({
      ...body,
      honours: body.honours ?? [],
      sanctions: body.sanctions ?? [],
      professionalTitle: body.professionalTitle ?? null,
      exceptionalCategory: body.exceptionalCategory ?? null,
      exceptionalUsed: body.exceptionalUsed ?? [],
      transferIn: body.transferIn ?? null,
      continuingEducationYears: body.continuingEducationYears ?? [],
      deferredMaterials: body.deferredMaterials ?? [],
    });
    this.saved = saved;
    this.applicationId = saved?.id ?? null;
    const grade = body.currentGrade;
    this.hasGrade = !!grade;
    this.grade = $state({
      level: grade?.level ?? 'L5',
      occupation: grade?.occupation ?? body.occupation,
      certifiedOn: grade?.certifiedOn ?? '',
      appointedOn: grade?.appointedOn ?? '',
    });
    const title = body.professionalTitle;
    this.hasTitle = !!title;
    this.title = $state({
      rank: title?.rank ?? 'assistant',
      field: title?.field ?? '',
      obtainedOn: title?.obtainedOn ?? '',
      transferredFromTechnicalPost: title?.transferredFromTechnicalPost ?? false,
    });
    const transfer = body.transferIn;
    this.hasTransfer = !!transfer;
    this.transfer = $state({
      kind: transfer?.kind ?? 'enterprise',
      arrivedOn: transfer?.arrivedOn ?? '',
      yearsInOccupation: transfer?.yearsInOccupation ?? 0,
      treatmentLevel: transfer?.treatmentLevel ?? '',
    });
    this.educationYears = (body.continuingEducationYears ?? []).join('，');
  }

  /** the materials the policy asks of this level and type */
  get materialRules() {
    return this.policy.materials.filter(
      (m) =>
        (!m.levels.length || m.levels.includes(this.body.targetLevel)) &&
        (!m.types.length || m.types.includes(this.body.applicationType)),
    );
  }

  /** may this material be handed in later (容缺后补)? */
  deferrable(code: string): boolean {
    return (
      this.policy.deferredEvidence.allowed && !!this.materialRules.find((m) => m.code === code)?.deferrable
    );
  }

  /** the current upload of a material, if any */
  uploaded(code: string): MaterialView | undefined {
    return this.saved?.materials.find((m) => m.code === code);
  }

  /** The body as sent: empty optional days become null, blank rows are dropped. */
  request(): ApplicationBody {
    const b = $state.snapshot(this.body) as ApplicationBody;
    const grade = $state.snapshot(this.grade);
    const title = $state.snapshot(this.title);
    const transfer = $state.snapshot(this.transfer);
    const day = (value: string | null | undefined) => (value ? value : null);
    return {
      ...b,
      person: { ...b.person, regularizedOn: day(b.person.regularizedOn), retiredOn: day(b.person.retiredOn) },
      currentGrade: this.hasGrade ? { ...grade, appointedOn: day(grade.appointedOn) } : null,
      honours: (b.honours ?? []).map((h) => ({ ...h, grantedBy: h.grantedBy || undefined })),
      professionalTitle: this.hasTitle ? title : null,
      sanctions: (b.sanctions ?? []).map((s) => ({ ...s, endsOn: day(s.endsOn) })),
      transferIn: this.hasTransfer
        ? {
            ...transfer,
            yearsInOccupation: Number(transfer.yearsInOccupation) || 0,
            treatmentLevel: transfer.treatmentLevel || null,
          }
        : null,
      exceptionalCategory: b.applicationType === 'exceptional' ? b.exceptionalCategory || null : null,
      continuingEducationYears: (this.educationYears.match(/\d{4}/g) ?? [])
        .map(Number)
        .filter((y, i, all) => y >= 1950 && y <= 2100 && all.indexOf(y) === i)
        .sort((a, b) => a - b),
    };
  }

  /** Asks for the verdict a moment after the last change. */
  scheduleEvaluate(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.evaluate(), EVALUATE_DELAY_MS);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.ticket++;
  }

  async evaluate(): Promise<void> {
    const ticket = ++this.ticket;
    this.evaluating = true;
    try {
      const result = await this.api.post<EligibilityResult>('/applications/evaluate', this.request());
      if (ticket !== this.ticket) return;
      this.result = result;
      this.evaluateError = null;
      this.fields = {};
    } catch (caught) {
      if (ticket !== this.ticket) return;
      const described = describeError(caught);
      this.result = null;
      this.evaluateError = described.message;
      this.fields = described.fields;
    } finally {
      if (ticket === this.ticket) this.evaluating = false;
    }
  }

  /** Saves the draft (creates it the first time); null when the server refused it. */
  async save(): Promise<ApplicationDetail | null> {
    this.busy = true;
    this.error = null;
    try {
      const detail = this.applicationId
        ? await this.api.put<ApplicationDetail>(`/applications/${this.applicationId}`, this.request())
        : await this.api.post<ApplicationDetail>('/applications', this.request());
      this.applicationId = detail.id;
      this.saved = detail;
      this.result = detail.eligibility;
      this.fields = {};
      return detail;
    } catch (caught) {
      const described = describeError(caught);
      this.error = described.message;
      this.fields = described.fields;
      return null;
    } finally {
      this.busy = false;
    }
  }

  /** Uploads one material (saving the draft first when it is new); the server checks the file. */
  async upload(code: string, file: File): Promise<boolean> {
    this.error = null;
    const { [`materials.${code}`]: _old, ...rest } = this.fields;
    this.fields = rest;
    if (!this.applicationId && !(await this.save())) return false;
    this.uploading = code;
    try {
      await this.api.upload<MaterialView>(
        `/applications/${this.applicationId}/materials/${code}`,
        file,
        file.name,
      );
      this.saved = await this.api.get<ApplicationDetail>(`/applications/${this.applicationId}`);
      return true;
    } catch (caught) {
      const described = describeError(caught);
      this.fields = { ...this.fields, [`materials.${code}`]: described.message };
      return false;
    } finally {
      this.uploading = null;
    }
  }

  /** Saves, then submits with the applicant's pledge. */
  async submit(pledge: boolean): Promise<ApplicationDetail | null> {
    if (!pledge) {
      this.fields = { ...this.fields, pledge: '提交前须勾选承诺：本人承诺以上填报内容真实有效' };
      return null;
    }
    const saved = await this.save();
    if (!saved) return null;
    this.busy = true;
    try {
      return await this.api.post<ApplicationDetail>(`/applications/${saved.id}/submit`, { pledge: true });
    } catch (caught) {
      const described = describeError(caught);
      this.error = described.message;
      this.fields = described.fields;
      return null;
    } finally {
      this.busy = false;
    }
  }
}

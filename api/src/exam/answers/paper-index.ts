import type { AnswerResponse, ItemType } from '@exam/contracts';

/** What a save is checked against for one position of a paper. */
export interface IndexedItem {
  type: ItemType;
  /** option ids (letters) of a choice item; empty otherwise */
  optionIds: ReadonlySet<string>;
  /** number of blanks of a fill-in item; 0 otherwise */
  blanks: number;
}

/** The positions of one attempt's paper, loaded once and kept while the attempt is answered. */
export type PaperIndex = ReadonlyMap<number, IndexedItem>;

/** One row of the paper as the repository reads it (PaperItem joined to its BankItemVersion). */
export interface PaperIndexRow {
  position: number;
  type: ItemType;
  options: unknown;
  key: unknown;
}

export function buildPaperIndex(rows: readonly PaperIndexRow[]): PaperIndex {
  const index = new Map<number, IndexedItem>();
  for (const row of rows) {
    const optionIds = new Set<string>();
    if (Array.isArray(row.options)) {
      for (const option of row.options as { letter?: unknown }[]) {
        if (typeof option?.letter === 'string') optionIds.add(option.letter);
      }
    }
    const blanks = row.type === 'fill_blank' && Array.isArray(row.key) ? row.key.length : 0;
    index.set(row.position, { type: row.type, optionIds, blanks });
  }
  return index;
}

/**
 * Does the response fit the item? Returns null when it does, otherwise what is wrong (Chinese, for the
 * candidate). `null` always fits: it clears the answer.
 */
export function responseProblem(item: IndexedItem, response: AnswerResponse): string | null {
  if (response === null) return null;
  switch (item.type) {
    case 'single':
      if (typeof response !== 'string') return '单选题应选择一个选项';
      return item.optionIds.has(response) ? null : `选项 ${response.slice(0, 8)} 不属于本题`;
    case 'multiple': {
      if (!Array.isArray(response)) return '多选题应提交所选选项的列表';
      if (response.length === 0) return '多选题至少选择一个选项（清除作答请提交空值）';
      const seen = new Set<string>();
      for (const id of response) {
        if (!item.optionIds.has(id)) return `选项 ${id.slice(0, 8)} 不属于本题`;
        if (seen.has(id)) return `选项 ${id} 重复`;
        seen.add(id);
      }
      return null;
    }
    case 'true_false':
      return typeof response === 'boolean' ? null : '判断题应回答“正确”或“错误”';
    case 'fill_blank':
      if (!Array.isArray(response)) return '填空题应按空逐一填写';
      return response.length === item.blanks
        ? null
        : `本题有 ${item.blanks} 个空，收到 ${response.length} 个`;
    case 'short_answer':
      return typeof response === 'string' ? null : '简答题应以文字作答';
  }
}

/**
 * A bounded cache of paper indexes by attempt id, least recently used first out. Loads are shared: many
 * saves of one attempt arriving before its index is loaded wait for the same load.
 */
export class PaperIndexCache {
  private readonly entries = new Map<string, Promise<PaperIndex>>();

  constructor(
    private readonly load: (attemptId: string) => Promise<PaperIndex>,
    private readonly capacity: number,
  ) {}

  get(attemptId: string): Promise<PaperIndex> {
    const cached = this.entries.get(attemptId);
    if (cached) {
      // refresh its place: Map keeps insertion order, the first key is the least recently used
      this.entries.delete(attemptId);
      this.entries.set(attemptId, cached);
      return cached;
    }
    const loading = this.load(attemptId);
    this.entries.set(attemptId, loading);
    // a failed load is not kept: the next save tries again
    loading.catch(() => {
      if (this.entries.get(attemptId) === loading) this.entries.delete(attemptId);
    });
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return loading;
  }

  forget(attemptId: string): void {
    this.entries.delete(attemptId);
  }

  get size(): number {
    return this.entries.size;
  }
}

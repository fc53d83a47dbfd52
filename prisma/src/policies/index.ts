import type { PolicyDocumentInput } from '@exam/contracts';
import { INNER_MONGOLIA_2022_POLICY } from './inner-mongolia-2022.js';
import { LUOYANG_2023_POLICY } from './luoyang-2023.js';
import { NANTONG_2024_POLICY } from './nantong-2024.js';
import { XINJIANG_2022_POLICY } from './xinjiang-2022.js';
import { XINXIANG_2024_POLICY } from './xinxiang-2024.js';

export {
  INNER_MONGOLIA_2022_POLICY,
  LUOYANG_2023_POLICY,
  NANTONG_2024_POLICY,
  XINJIANG_2022_POLICY,
  XINXIANG_2024_POLICY,
};

/** The five seeds as policy documents, each rule citing its clause; parse with `policyDocumentSchema`. */
export const SHIPPED_POLICIES: PolicyDocumentInput[] = [
  XINJIANG_2022_POLICY,
  XINXIANG_2024_POLICY,
  INNER_MONGOLIA_2022_POLICY,
  LUOYANG_2023_POLICY,
  NANTONG_2024_POLICY,
];

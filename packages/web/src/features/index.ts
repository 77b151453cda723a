import type { Feature } from '../app/feature-registry';
import { approvalsFeature } from './approvals/feature';
import { disabilityFeature } from './disability/feature';
import { funeralFeature } from './funeral/feature';
import { homeFeature } from './home/feature';
import { marriageFeature } from './marriage/feature';
import { matchingFeature } from './matching/feature';
import { peopleFeature } from './people/feature';
import { publicFamilySearchFeature } from './public-family-search/feature';
import { rescueFeature } from './rescue/feature';
import { statsFeature } from './stats/feature';
import { systemFeature } from './system/feature';

/**
 * Every business line the shell shows. A new line (婚姻登记 marriage:read, 救助管理 rescue:read,
 * 殡葬管理 funeral:read, 残疾人福利 disability:read, 数据比对 matching:read) adds its
 * `features/<line>/feature.tsx` here once it has pages; see app/feature-registry.ts for menu order.
 */
export const features: readonly Feature[] = [
  homeFeature,
  approvalsFeature,
  peopleFeature,
  marriageFeature,
  rescueFeature,
  funeralFeature,
  disabilityFeature,
  matchingFeature,
  statsFeature,
  systemFeature,
  publicFamilySearchFeature,
];

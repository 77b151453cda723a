/** The stations concern of the rescue line (救助管理站、托养机构与合作医院、检查): what it adds to the manifest (line-part.ts). */
import type { RescuePart } from './line-part';

export const stationsPart: RescuePart = {};

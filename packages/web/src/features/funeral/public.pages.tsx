import type { PublicRoute } from '../../app/feature-registry';

/** Public pages of the funeral line (no login, phone layout): Qingming booking, memorial pages (F7). */
export const funeralPublicPages: PublicRoute[] = [];

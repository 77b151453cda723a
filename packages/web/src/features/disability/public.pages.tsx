import type { PublicRoute } from '../../app/feature-registry';

/** Public pages of the disability line (no login, phone layout): online application and status look-up (D2). */
export const disabilityPublicPages: PublicRoute[] = [];

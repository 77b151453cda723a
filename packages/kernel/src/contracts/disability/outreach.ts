/** Request and response contracts of the disability line's outreach concern (filled in by that concern). */
export {};

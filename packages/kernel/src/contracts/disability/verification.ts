/** Request and response contracts of the disability line's verification concern (filled in by that concern). */
export {};

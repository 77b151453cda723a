/** Request and response contracts of the disability line's certificates concern (filled in by that concern). */
export {};

/** Request and response contracts of the disability line's review concern (filled in by that concern). */
export {};

/** Request and response contracts of the disability line's roster concern (filled in by that concern). */
export {};

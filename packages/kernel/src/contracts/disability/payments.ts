/** Request and response contracts of the disability line's payments concern (filled in by that concern). */
export {};

/** Request and response contracts of the disability line's applications concern (filled in by that concern). */
export {};

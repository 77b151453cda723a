/** Request and response contracts of the disability line's rehab concern (filled in by that concern). */
export {};

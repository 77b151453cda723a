/** Contracts of the funeral line's cemeteries concern (shared by the API and the web app). */
export {};

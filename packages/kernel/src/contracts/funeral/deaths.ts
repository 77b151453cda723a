/** Contracts of the funeral line's deaths concern (shared by the API and the web app). */
export {};

/** Contracts of the funeral line's certificates concern (shared by the API and the web app). */
export {};

/** Contracts of the funeral line's custody concern (shared by the API and the web app). */
export {};

/** Contracts of the funeral line's billing concern (shared by the API and the web app). */
export {};

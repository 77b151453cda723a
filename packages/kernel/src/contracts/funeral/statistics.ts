/** Contracts of the funeral line's statistics concern (shared by the API and the web app). */
export {};

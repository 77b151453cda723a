/** Contracts of the funeral line's facilities concern (shared by the API and the web app). */
export {};

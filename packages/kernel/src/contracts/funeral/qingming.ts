/** Contracts of the funeral line's qingming concern (shared by the API and the web app). */
export {};

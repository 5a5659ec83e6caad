// A client-only SPA: the relay serves the fallback page for every route (see server/).
export const ssr = false;
export const prerender = false;

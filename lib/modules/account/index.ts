// Account module: sign-up, login and logout through Supabase Auth. Its entry points are the server actions in
// ./actions and the client-safe ./schemas; it offers nothing to other modules (the signed-in user is lib/auth's).
export {};

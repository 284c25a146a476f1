"use client";
// Anything unexpected while rendering an organization page: a plain message and a way to retry, never a stack
// (components/app-shell/page-error.tsx says when the database is what's missing).
import { PageError } from "@/components/app-shell/page-error";

export default PageError;
